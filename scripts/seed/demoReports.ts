import { helsinkiToday } from '../../schema/finance/status.ts'
import { addMonths, monthsBetween } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Demo data of the reports and the investor portal (issue 15), after the finance seed: the
 * portfolio also holds two apartments of Koivukuja (B 5 and B 6, not the demo people's), every
 * held apartment gets an acquisition date and price and 18 months of rent (about 17 €/m²), and
 * both cooperatives get a long-term maintenance plan. The investor's portfolio opens with numbers.
 */
const PLANS: Record<string, [string, number, number][]> = {
  '2345678-0': [
    ['Julkisivuremontti', 2, 420_000_00],
    ['Vesikaton uusiminen', 4, 180_000_00],
    ['Pihan kunnostus', 1, 35_000_00],
  ],
  '3456780-6': [
    ['Putkiremontti', 3, 1_250_000_00],
    ['Hissien modernisointi', 1, 160_000_00],
  ],
}

export async function seedDemoReports(db: DB): Promise<void> {
  const today = helsinkiToday()
  const year = Number(today.slice(0, 4))
  const portfolio = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'investor_portfolio')
    .executeTakeFirst()
  if (!portfolio) return
  const coops = await db
    .selectFrom('organisations')
    .select(['id', 'business_id'])
    .where('business_id', 'in', Object.keys(PLANS))
    .execute()
  const koivukuja = coops.find((c) => c.business_id === '2345678-0')
  await db.transaction().execute(async (trx) => {
    if (koivukuja) {
      await trx
        .insertInto('portfolio_holdings')
        .values({ org_id: portfolio.id, cooperative_id: koivukuja.id })
        .onConflict((oc) => oc.doNothing())
        .execute()
      const extra = await trx
        .selectFrom('apartments')
        .select('id')
        .where('org_id', '=', koivukuja.id)
        .where('number', 'in', ['B 5', 'B 6'])
        .execute()
      if (extra.length > 0) {
        await trx
          .insertInto('portfolio_apartments')
          .values(
            extra.map((a) => ({ org_id: portfolio.id, cooperative_id: koivukuja.id, apartment_id: a.id })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
    }
    const held = await trx
      .selectFrom('portfolio_apartments as pa')
      .innerJoin('apartments as a', 'a.id', 'pa.apartment_id')
      .select(['pa.apartment_id', 'a.area_m2', 'a.number'])
      .where('pa.org_id', '=', portfolio.id)
      .execute()
    const months = monthsBetween(addMonths(today.slice(0, 7), -17), today.slice(0, 7))
    for (const [i, h] of held.entries()) {
      const area = Number(h.area_m2)
      await trx
        .updateTable('portfolio_apartments')
        .set({
          external_id: `DEMO-H-${i + 1}`,
          acquired_on: `${year - 4 + (i % 3)}-0${1 + (i % 8)}-15`,
          price_cents: Math.round(area * 3_900_00),
        })
        .where('org_id', '=', portfolio.id)
        .where('apartment_id', '=', h.apartment_id)
        .execute()
      // One month empty between tenants in each apartment, so the months differ.
      const rent = Math.round(area * 17_20)
      await trx
        .insertInto('portfolio_rents')
        .values(
          months
            .filter((_, m) => m !== (i * 5) % months.length)
            .map((m) => ({
              org_id: portfolio.id,
              apartment_id: h.apartment_id,
              external_id: `DEMO-R-${i + 1}-${m}`,
              month: `${m}-01`,
              amount_cents: rent,
            })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    for (const coop of coops) {
      const plans = PLANS[coop.business_id ?? ''] ?? []
      await trx
        .insertInto('renovation_plans')
        .values(
          plans.map(([title, inYears, cents], i) => ({
            org_id: coop.id,
            external_id: `DEMO-PTS-${i + 1}`,
            title,
            planned_year: year + inYears,
            estimate_cents: cents,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
  })
}
