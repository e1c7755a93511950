import { refreshInvoices } from '../../api/finance/matching.ts'
import type { CostCategory } from '../../schema/finance/kinds.ts'
import { referenceFor } from '../../schema/finance/reference.ts'
import { helsinkiToday } from '../../schema/finance/status.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Demo finance (issue 14), relative to today so the picture never goes stale: three fiscal years
 * of monthly charges for every apartment of both cooperatives (maintenance, and in Koivukuja a
 * financing charge for the pipe renovation loan), paid by the due date except a few late ones and
 * two still overdue (Koivukuja A 2 and Kuusirinne A 6, owned by the investor), the current month
 * open; one unmatched payment; budgets and monthly actuals; two supplier invoices from Putkityö
 * Demo Oy (one waiting for the board); the investor portfolio's four apartments in Kuusirinne.
 * Bulk inserts: about 2,000 invoices and payments in a few statements.
 */
const IBANS: Record<string, string> = { '2345678-0': 'FI2112345600000785', '3456780-6': 'FI6740060012345678' }
const MAINTENANCE_PER_M2 = 480
const FINANCING_PER_M2 = 210

const BUDGET: [CostCategory, number][] = [
  ['heating', 62_000_00],
  ['water', 18_500_00],
  ['electricity', 9_800_00],
  ['cleaning', 7_200_00],
  ['property_maintenance', 14_000_00],
  ['repairs', 25_000_00],
  ['management_fee', 16_800_00],
  ['insurance', 6_400_00],
  ['loan_costs', 31_000_00],
]
/** How heating spreads over the months (winter heavy), in percent. */
const HEATING_SHARE = [15, 13, 11, 8, 5, 3, 2, 2, 4, 8, 12, 17]

const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const monthStart = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`

function chargeMonths(thisYear: number, thisMonth: number): [number, number][] {
  const months: [number, number][] = []
  for (let i = 0; i <= 24 + thisMonth; i++) months.push([thisYear - 2 + Math.floor(i / 12), (i % 12) + 1])
  return months
}

export async function seedDemoFinance(db: DB): Promise<void> {
  const today = helsinkiToday()
  const [thisYear, thisMonth] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  const coops = await db
    .selectFrom('organisations')
    .select(['id', 'business_id'])
    .where('business_id', 'in', Object.keys(IBANS))
    .execute()
  const putkityo = await db
    .selectFrom('organisations')
    .select('id')
    .where('business_id', '=', '4567890-7')
    .executeTakeFirst()
  const portfolio = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'investor_portfolio')
    .executeTakeFirst()

  await db.transaction().execute(async (trx) => {
    let aptSeq = 100
    for (const coop of coops) {
      const iban = IBANS[coop.business_id!]!
      const koivukuja = coop.business_id === '2345678-0'
      const apartments = await trx
        .selectFrom('apartments')
        .select(['id', 'number', 'area_m2'])
        .where('org_id', '=', coop.id)
        .orderBy('number')
        .execute()
      const owners = await trx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.apartment_id', 'u.name'])
        .where('m.org_id', '=', coop.id)
        .where('m.role', '=', 'owner')
        .execute()
      const invoices = []
      const payments: { reference: string; amount: number; paidOn: string; payer: string }[] = []
      const overdueFor = koivukuja ? 'A 2' : 'A 6'
      for (const apt of apartments) {
        aptSeq++
        const area = Number(apt.area_m2)
        const payer = owners.find((o) => o.apartment_id === apt.id)?.name ?? `Osakas ${apt.number}`
        const charges: ['maintenance' | 'financing', number][] = [
          ['maintenance', Math.round(area * MAINTENANCE_PER_M2)],
        ]
        if (koivukuja) charges.push(['financing', Math.round(area * FINANCING_PER_M2)])
        // Through next month: its charge is already issued and open, as an owner sees it before paying.
        for (const [year, month] of chargeMonths(thisYear, thisMonth)) {
          const period = monthStart(year, month)
          const due = shift(period, 4)
          const monthsAgo = (thisYear - year) * 12 + (thisMonth - month)
          for (const [k, [kind, amount]] of charges.entries()) {
            const reference = referenceFor(`${aptSeq}${year}${String(month).padStart(2, '0')}${k + 1}`)
            invoices.push({
              org_id: coop.id,
              apartment_id: apt.id,
              external_id: `DEMO-${reference}`,
              payer_name: payer,
              kind,
              period,
              amount_cents: amount,
              issued_on: [shift(period, -12), today].sort()[0]!,
              due_date: due,
              reference,
              iban,
            })
            const overdue = apt.number === overdueFor && kind === 'maintenance' && monthsAgo === 2
            if (overdue || due >= today) continue
            // A few owners pay late now and then.
            const late = (aptSeq + month) % 17 === 0
            const paidOn = late && shift(due, 12) < today ? shift(due, 12) : shift(due, -2)
            payments.push({ reference, amount, paidOn, payer })
          }
        }
      }
      for (let i = 0; i < invoices.length; i += 500) {
        await trx
          .insertInto('finance_invoices')
          .values(invoices.slice(i, i + 500))
          .execute()
      }
      const ids = await trx
        .selectFrom('finance_invoices')
        .select(['id', 'reference'])
        .where('org_id', '=', coop.id)
        .execute()
      const byRef = new Map(ids.map((r) => [r.reference, r.id]))
      const rows = payments.map((p) => ({
        org_id: coop.id,
        external_id: `DEMO-PAY-${p.reference}`,
        reference: p.reference,
        amount_cents: p.amount,
        paid_on: p.paidOn,
        payer_name: p.payer,
        invoice_id: byRef.get(p.reference) ?? null,
        source: 'import' as const,
      }))
      // One transfer with a mistyped reference waits for the accountant.
      rows.push({
        org_id: coop.id,
        external_id: `DEMO-PAY-unmatched-${coop.business_id}`,
        reference: '1234567',
        amount_cents: 18_750,
        paid_on: shift(today, -6),
        payer_name: 'Tuntematon Maksaja',
        invoice_id: null,
        source: 'import',
      })
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('finance_payments')
          .values(rows.slice(i, i + 500))
          .execute()
      }
      await refreshInvoices(trx, coop.id, [...byRef.values()])

      // Budgets for every year, actuals for every month that has ended.
      const budgets = []
      const actuals = []
      for (let year = thisYear - 2; year <= thisYear; year++) {
        for (const [category, total] of BUDGET) {
          const yearly = Math.round(total * (koivukuja ? 1 : 0.7) * (1 + (year - thisYear) * 0.03))
          budgets.push({
            org_id: coop.id,
            external_id: `DEMO-B-${year}-${category}`,
            fiscal_year: year,
            category,
            amount_cents: yearly,
          })
          for (let month = 1; month <= (year === thisYear ? thisMonth - 1 : 12); month++) {
            const share = category === 'heating' ? HEATING_SHARE[month - 1]! / 100 : 1 / 12
            // Actuals wander around the budget: repairs run over, heating under in a mild year.
            const drift =
              category === 'repairs' ? 1.18 : category === 'heating' && year === thisYear - 1 ? 0.93 : 1.02
            actuals.push({
              org_id: coop.id,
              external_id: `DEMO-A-${year}-${month}-${category}`,
              fiscal_year: year,
              month,
              category,
              amount_cents: Math.round(yearly * share * drift),
            })
          }
        }
      }
      await trx.insertInto('finance_budgets').values(budgets).execute()
      for (let i = 0; i < actuals.length; i += 500) {
        await trx
          .insertInto('finance_actuals')
          .values(actuals.slice(i, i + 500))
          .execute()
      }

      if (koivukuja) {
        // The pipe renovation loan, shared by the apartments in proportion to their area.
        await trx
          .insertInto('finance_loan_shares')
          .values(
            apartments.map((a) => ({
              org_id: coop.id,
              apartment_id: a.id,
              external_id: `DEMO-L-${a.number}`,
              loan_name: 'Putkiremonttilaina 2022',
              original_cents: Math.round(Number(a.area_m2) * 850_00),
              remaining_cents: a.number === 'B 6' ? 0 : Math.round(Number(a.area_m2) * 610_00),
            })),
          )
          .execute()
        if (putkityo) {
          const common = {
            org_id: coop.id,
            supplier_org_id: putkityo.id,
            supplier_name: 'Putkityö Demo Oy',
            supplier_business_id: '4567890-7',
            category: 'repairs' as const,
          }
          await trx
            .insertInto('finance_supplier_invoices')
            .values([
              {
                ...common,
                external_id: 'DEMO-S-1',
                invoice_number: '2026-118',
                description: 'A-talon nousulinjan vuodon korjaus',
                amount_cents: 1_488_00,
                vat_cents: 288_00,
                issued_on: shift(today, -5),
                due_date: shift(today, 16),
              },
              {
                ...common,
                external_id: 'DEMO-S-2',
                invoice_number: '2026-097',
                description: 'Lämmönjakohuoneen venttiilien vaihto',
                amount_cents: 3_224_00,
                vat_cents: 624_00,
                issued_on: shift(today, -40),
                due_date: shift(today, -19),
                status: 'approved',
                decision_note: 'Hyväksytty hallituksen kokouksessa',
                decided_at: new Date(Date.now() - 30 * 86_400_000),
              },
            ])
            .execute()
        }
      } else if (portfolio) {
        const held = apartments.filter((a) => ['A 5', 'A 6', 'A 7', 'A 8'].includes(a.number))
        await trx
          .insertInto('portfolio_apartments')
          .values(held.map((a) => ({ org_id: portfolio.id, cooperative_id: coop.id, apartment_id: a.id })))
          .execute()
      }
    }
  })
}
