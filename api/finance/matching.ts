import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'
import { anyOf } from './import/upsert.ts'

/**
 * Payments meet invoices by reference number (unique per cooperative). Both directions: a payment
 * finds its invoice when it is written, and an invoice imported after its payment arrived picks up
 * the payments waiting under its reference. Each invoice's `paid_cents` / `paid_on` /
 * `credited_cents` are then recomputed from the rows in the same transaction, so the derived
 * status can never disagree with the payments.
 */

/** Attaches unmatched payments of these references to the invoices carrying them. */
export async function matchWaitingPayments(
  trx: DB,
  orgId: string,
  references: readonly string[],
): Promise<string[]> {
  if (references.length === 0) return []
  const rows = await sql<{ invoice_id: string }>`
    UPDATE finance_payments p SET invoice_id = i.id
      FROM finance_invoices i
     WHERE p.org_id = ${orgId} AND p.invoice_id IS NULL
       AND i.org_id = p.org_id AND i.reference = p.reference
       AND p.reference = ${anyOf(references)}
    RETURNING p.invoice_id`.execute(trx)
  return [...new Set(rows.rows.map((r) => r.invoice_id))]
}

/** The invoice a reference names in this cooperative, if any. */
export async function invoiceForReference(trx: DB, orgId: string, reference: string): Promise<string | null> {
  const row = await trx
    .selectFrom('finance_invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('reference', '=', reference)
    .executeTakeFirst()
  return row?.id ?? null
}

/**
 * Recomputes the sums of these invoices from their payments and credits; returns the ids of
 * those that became settled (paid in full or credited) by this change.
 */
export async function refreshInvoices(
  trx: DB,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<string[]> {
  if (invoiceIds.length === 0) return []
  const rows = await sql<{ id: string; was_settled: boolean; settled: boolean }>`
    WITH target AS (
      SELECT i.id, i.paid_cents + i.credited_cents >= i.amount_cents AS was_settled,
             coalesce((SELECT sum(p.amount_cents) FROM finance_payments p
                        WHERE p.org_id = i.org_id AND p.invoice_id = i.id), 0) AS paid,
             (SELECT max(p.paid_on) FROM finance_payments p
               WHERE p.org_id = i.org_id AND p.invoice_id = i.id) AS paid_on,
             coalesce((SELECT sum(c.amount_cents) FROM finance_credits c
                        WHERE c.org_id = i.org_id AND c.invoice_id = i.id), 0) AS credited
        FROM finance_invoices i
       WHERE i.org_id = ${orgId} AND i.id = ${anyOf(invoiceIds, 'uuid')}
    )
    UPDATE finance_invoices i
       SET paid_cents = t.paid, paid_on = t.paid_on, credited_cents = t.credited, updated_at = now()
      FROM target t
     WHERE i.id = t.id AND (i.paid_cents, i.credited_cents, i.paid_on) IS DISTINCT FROM (t.paid, t.credited, t.paid_on)
    RETURNING i.id, t.was_settled, (t.paid + t.credited >= i.amount_cents) AS settled`.execute(trx)
  return rows.rows.filter((r) => r.settled && !r.was_settled).map((r) => r.id)
}
