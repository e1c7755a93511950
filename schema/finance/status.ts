/**
 * An invoice's status is derived, never stored: from what was paid and credited against it and
 * its due date, on a given day (the caller's "today" in Helsinki, as YYYY-MM-DD).
 */
export const INVOICE_STATUSES = ['open', 'partly_paid', 'paid', 'overdue', 'credited'] as const
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]

export interface InvoiceAmounts {
  amountCents: number
  paidCents: number
  creditedCents: number
  /** YYYY-MM-DD */
  dueDate: string
}

export function invoiceStatus(inv: InvoiceAmounts, today: string): InvoiceStatus {
  if (inv.creditedCents >= inv.amountCents) return 'credited'
  const owed = inv.amountCents - inv.creditedCents
  if (inv.paidCents >= owed) return 'paid'
  if (inv.dueDate < today) return 'overdue'
  return inv.paidCents > 0 ? 'partly_paid' : 'open'
}

/** What is still owed on the invoice (never below zero; an overpayment shows in the balance). */
export function openCents(inv: InvoiceAmounts): number {
  return Math.max(0, inv.amountCents - inv.creditedCents - inv.paidCents)
}

/** Ageing buckets of overdue receivables, by days past due. */
export const AGEING_BUCKETS = ['d0_30', 'd31_60', 'd61_90', 'd90_plus'] as const
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]

export function ageingBucket(daysOverdue: number): AgeingBucket {
  if (daysOverdue <= 30) return 'd0_30'
  if (daysOverdue <= 60) return 'd31_60'
  if (daysOverdue <= 90) return 'd61_90'
  return 'd90_plus'
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

// Built once: constructing an Intl.DateTimeFormat with a time zone costs ~0.3 ms, more than
// the rest of a work-queue request's own code (issue 19's CPU profile).
const HELSINKI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' })

/** Today in Helsinki as YYYY-MM-DD: due dates are Finnish calendar days. */
export function helsinkiToday(now = new Date()): string {
  return HELSINKI_DAY.format(now)
}
