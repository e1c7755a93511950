import { sql } from 'kysely'
import type { ApartmentFinance, InvoiceItem, PaymentItem } from '../../schema/api/finance.ts'
import { invoiceStatus, openCents } from '../../schema/finance/status.ts'
import type { DB } from '../../server/db/connect.ts'
import { dateText, num } from './dates.ts'

/** Invoices with their derived status, newest period first. */
export async function invoicesOf(
  db: DB,
  orgId: string,
  where: { apartmentId?: string; invoiceId?: string },
  today: string,
): Promise<InvoiceItem[]> {
  let query = db
    .selectFrom('finance_invoices')
    .select([
      'id',
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
    .where('org_id', '=', orgId)
  if (where.apartmentId) query = query.where('apartment_id', '=', where.apartmentId)
  if (where.invoiceId) query = query.where('id', '=', where.invoiceId)
  const rows = await query.orderBy('period', 'desc').orderBy('kind').execute()
  return rows.map((r) => {
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
  })
}

/** Payments matched to this apartment's invoices, newest first. */
async function paymentsOf(db: DB, orgId: string, apartmentId: string): Promise<PaymentItem[]> {
  const rows = await db
    .selectFrom('finance_payments as p')
    .innerJoin('finance_invoices as i', (j) =>
      j.onRef('i.org_id', '=', 'p.org_id').onRef('i.id', '=', 'p.invoice_id'),
    )
    .select([
      'p.id',
      'p.reference',
      'p.amount_cents',
      'p.payer_name',
      'p.invoice_id',
      'p.source',
      'p.note',
      dateText('p.paid_on').as('paid_on'),
    ])
    .where('p.org_id', '=', orgId)
    .where('i.apartment_id', '=', apartmentId)
    .orderBy('p.paid_on', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    amountCents: r.amount_cents,
    paidOn: r.paid_on,
    payerName: r.payer_name,
    invoiceId: r.invoice_id,
    source: r.source,
    note: r.note,
  }))
}

/**
 * What the apartment owes on `asOf`: invoices issued by then, less credits recorded and payments
 * made by then. Positive is owed, negative paid in advance.
 */
async function balanceOf(db: DB, orgId: string, apartmentId: string, asOf: string): Promise<number> {
  const row = await sql<{ invoiced: string | number; credited: string | number; paid: string | number }>`
    SELECT
      (SELECT coalesce(sum(amount_cents), 0) FROM finance_invoices
         WHERE org_id = ${orgId} AND apartment_id = ${apartmentId} AND issued_on <= ${asOf}::date) AS invoiced,
      (SELECT coalesce(sum(c.amount_cents), 0) FROM finance_credits c
         JOIN finance_invoices i ON i.org_id = c.org_id AND i.id = c.invoice_id
         WHERE c.org_id = ${orgId} AND i.apartment_id = ${apartmentId}
           AND (c.created_at AT TIME ZONE 'Europe/Helsinki')::date <= ${asOf}::date) AS credited,
      (SELECT coalesce(sum(p.amount_cents), 0) FROM finance_payments p
         JOIN finance_invoices i ON i.org_id = p.org_id AND i.id = p.invoice_id
         WHERE p.org_id = ${orgId} AND i.apartment_id = ${apartmentId} AND p.paid_on <= ${asOf}::date) AS paid
  `.execute(db)
  const r = row.rows[0]
  return num(r?.invoiced) - num(r?.credited) - num(r?.paid)
}

export async function apartmentFinance(
  db: DB,
  orgId: string,
  apartmentId: string,
  opts: { asOf: string; today: string },
): Promise<ApartmentFinance> {
  const apartment = await db
    .selectFrom('apartments as a')
    .innerJoin('buildings as b', 'b.id', 'a.building_id')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.number', 'b.name as building', 'o.id as orgId', 'o.name as orgName'])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', apartmentId)
    .executeTakeFirstOrThrow()
  const [invoices, payments, balanceCents, loans] = await Promise.all([
    invoicesOf(db, orgId, { apartmentId }, opts.today),
    paymentsOf(db, orgId, apartmentId),
    balanceOf(db, orgId, apartmentId, opts.asOf),
    db
      .selectFrom('finance_loan_shares')
      .select(['loan_name', 'original_cents', 'remaining_cents'])
      .where('org_id', '=', orgId)
      .where('apartment_id', '=', apartmentId)
      .orderBy('loan_name')
      .execute(),
  ])
  return {
    apartment,
    balanceCents,
    asOf: opts.asOf,
    invoices,
    payments,
    loanShares: loans.map((l) => ({
      loanName: l.loan_name,
      originalCents: num(l.original_cents),
      remainingCents: num(l.remaining_cents),
      paidOff: num(l.remaining_cents) === 0,
    })),
  }
}
