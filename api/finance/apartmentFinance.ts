import { sql } from 'kysely'
import type { ApartmentFinance, InvoiceItem } from '../../schema/api/finance.ts'
import { invoiceStatus, openCents } from '../../schema/finance/status.ts'
import type { DB } from '../../server/db/connect.ts'
import { dateText, num } from './dates.ts'

function invoiceQuery(db: DB) {
  return db
    .selectFrom('finance_invoices')
    .select([
      'id',
      'org_id',
      'apartment_id',
      'kind',
      'description',
      'payer_name',
      'amount_cents',
      'vat_cents',
      'paid_cents',
      'credited_cents',
      'reference',
      'iban',
      dateText('period').as('period'),
      dateText('issued_on').as('issued_on'),
      dateText('due_date').as('due_date'),
      dateText('paid_on').as('paid_on'),
    ])
}
type InvoiceRow = Awaited<ReturnType<ReturnType<typeof invoiceQuery>['execute']>>[number]

function toInvoiceItem(r: InvoiceRow, today: string): InvoiceItem {
  const amounts = {
    amountCents: r.amount_cents,
    paidCents: num(r.paid_cents),
    creditedCents: num(r.credited_cents),
    dueDate: r.due_date,
  }
  return {
    id: r.id,
    apartmentId: r.apartment_id,
    kind: r.kind,
    period: r.period,
    description: r.description,
    payerName: r.payer_name,
    amountCents: r.amount_cents,
    vatCents: r.vat_cents,
    paidCents: amounts.paidCents,
    creditedCents: amounts.creditedCents,
    openCents: openCents(amounts),
    issuedOn: r.issued_on,
    dueDate: r.due_date,
    paidOn: r.paid_on,
    reference: r.reference,
    iban: r.iban,
    status: invoiceStatus(amounts, today),
  }
}

/** Invoices with their derived status, newest period first. */
export async function invoicesOf(
  db: DB,
  orgId: string,
  where: { apartmentId?: string; invoiceId?: string },
  today: string,
): Promise<InvoiceItem[]> {
  let query = invoiceQuery(db).where('org_id', '=', orgId)
  if (where.apartmentId) query = query.where('apartment_id', '=', where.apartmentId)
  if (where.invoiceId) query = query.where('id', '=', where.invoiceId)
  const rows = await query.orderBy('period', 'desc').orderBy('kind').execute()
  return rows.map((r) => toInvoiceItem(r, today))
}

/** One apartment of one cooperative: what `apartmentsFinance` is asked for. */
export interface HeldApartment {
  orgId: string
  apartmentId: string
}

const keyOf = (orgId: string, apartmentId: string) => `${orgId}:${apartmentId}`

/** Rows grouped by their apartment, each group in the order the query gave. */
function grouped<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const out = new Map<string, R[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

/**
 * The finance of many apartments (possibly of several cooperatives) in four statements whatever
 * their number: the apartments with their balances, the invoices, the payments, the loan shares
 * (one apartment after another took five each: an N+1 on "my finances" of a portfolio, issue 19).
 * The answer follows the order asked; an apartment that does not exist is left out.
 *
 * The balance is what the apartment owes on `asOf`: invoices issued by then, less credits
 * recorded and payments made by then. Positive is owed, negative paid in advance.
 */
export async function apartmentsFinance(
  db: DB,
  held: readonly HeldApartment[],
  opts: { asOf: string; today: string },
): Promise<ApartmentFinance[]> {
  if (held.length === 0) return []
  const orgIds = [...new Set(held.map((h) => h.orgId))]
  const apartmentIds = [...new Set(held.map((h) => h.apartmentId))]
  const { asOf } = opts
  const [apartments, invoiceRows, paymentRows, loanRows] = await Promise.all([
    db
      .selectFrom('apartments as a')
      .innerJoin('buildings as b', 'b.id', 'a.building_id')
      .innerJoin('organisations as o', 'o.id', 'a.org_id')
      .select([
        'a.id',
        'a.number',
        'b.name as building',
        'o.id as orgId',
        'o.name as orgName',
        sql<string | number>`(SELECT coalesce(sum(i.amount_cents), 0) FROM finance_invoices i
          WHERE i.org_id = a.org_id AND i.apartment_id = a.id AND i.issued_on <= ${asOf}::date)`.as(
          'invoiced',
        ),
        sql<string | number>`(SELECT coalesce(sum(c.amount_cents), 0) FROM finance_credits c
          JOIN finance_invoices i ON i.org_id = c.org_id AND i.id = c.invoice_id
          WHERE c.org_id = a.org_id AND i.apartment_id = a.id
            AND (c.created_at AT TIME ZONE 'Europe/Helsinki')::date <= ${asOf}::date)`.as('credited'),
        sql<string | number>`(SELECT coalesce(sum(p.amount_cents), 0) FROM finance_payments p
          JOIN finance_invoices i ON i.org_id = p.org_id AND i.id = p.invoice_id
          WHERE p.org_id = a.org_id AND i.apartment_id = a.id AND p.paid_on <= ${asOf}::date)`.as('paid'),
      ])
      .where('a.org_id', 'in', orgIds)
      .where('a.id', 'in', apartmentIds)
      .execute(),
    invoiceQuery(db)
      .where('org_id', 'in', orgIds)
      .where('apartment_id', 'in', apartmentIds)
      .orderBy('period', 'desc')
      .orderBy('kind')
      .execute(),
    db
      .selectFrom('finance_payments as p')
      .innerJoin('finance_invoices as i', (j) =>
        j.onRef('i.org_id', '=', 'p.org_id').onRef('i.id', '=', 'p.invoice_id'),
      )
      .select([
        'p.id',
        'p.org_id',
        'i.apartment_id',
        'p.reference',
        'p.amount_cents',
        'p.payer_name',
        'p.invoice_id',
        'p.source',
        'p.note',
        dateText('p.paid_on').as('paid_on'),
      ])
      .where('p.org_id', 'in', orgIds)
      .where('i.apartment_id', 'in', apartmentIds)
      .orderBy('p.paid_on', 'desc')
      .execute(),
    db
      .selectFrom('finance_loan_shares')
      .select(['org_id', 'apartment_id', 'loan_name', 'original_cents', 'remaining_cents'])
      .where('org_id', 'in', orgIds)
      .where('apartment_id', 'in', apartmentIds)
      .orderBy('loan_name')
      .execute(),
  ])
  const byApartment = new Map(apartments.map((a) => [keyOf(a.orgId, a.id), a]))
  const invoices = grouped(invoiceRows, (r) => keyOf(r.org_id, r.apartment_id))
  const payments = grouped(paymentRows, (r) => keyOf(r.org_id, r.apartment_id))
  const loans = grouped(loanRows, (r) => keyOf(r.org_id, r.apartment_id))
  return held.flatMap(({ orgId, apartmentId }): ApartmentFinance[] => {
    const k = keyOf(orgId, apartmentId)
    const a = byApartment.get(k)
    if (!a) return []
    return [
      {
        apartment: { id: a.id, number: a.number, building: a.building, orgId: a.orgId, orgName: a.orgName },
        balanceCents: num(a.invoiced) - num(a.credited) - num(a.paid),
        asOf,
        invoices: (invoices.get(k) ?? []).map((r) => toInvoiceItem(r, opts.today)),
        payments: (payments.get(k) ?? []).map((r) => ({
          id: r.id,
          reference: r.reference,
          amountCents: r.amount_cents,
          paidOn: r.paid_on,
          payerName: r.payer_name,
          invoiceId: r.invoice_id,
          source: r.source,
          note: r.note,
        })),
        loanShares: (loans.get(k) ?? []).map((l) => ({
          loanName: l.loan_name,
          originalCents: num(l.original_cents),
          remainingCents: num(l.remaining_cents),
          paidOff: num(l.remaining_cents) === 0,
        })),
      },
    ]
  })
}

/** One apartment's finance (it must exist: the caller has authorised it). */
export async function apartmentFinance(
  db: DB,
  orgId: string,
  apartmentId: string,
  opts: { asOf: string; today: string },
): Promise<ApartmentFinance> {
  const [one] = await apartmentsFinance(db, [{ orgId, apartmentId }], opts)
  if (!one) throw new Error(`no apartment ${apartmentId} in ${orgId}`)
  return one
}
