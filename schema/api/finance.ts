import { z } from 'zod'
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  COST_CATEGORIES,
  type CostCategory,
  type InvoiceKind,
} from '../finance/kinds.ts'
import { normaliseReference } from '../finance/reference.ts'
import type { AgeingBucket, InvoiceStatus } from '../finance/status.ts'
import { Uuid } from './common.ts'

/** Finance (api/finance): my finances, the cooperative's finance, manual entries, API keys. */

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-03-31.')
  .refine(isCalendarDate, 'Not a calendar date.')

/**
 * Whether a YYYY-MM-DD names a real day (2026-02-30 does not), by arithmetic: an import validates
 * two dates a row, and building Date objects for them was a tenth of its CPU time (issue 14).
 */
export function isCalendarDate(d: string): boolean {
  const year = Number(d.slice(0, 4))
  const month = Number(d.slice(5, 7))
  const day = Number(d.slice(8, 10))
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const length =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return day <= length
}
/** A Finnish reference number with its check digit; spaces allowed, stored as digits. */
export const Reference = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const ref = normaliseReference(s)
    if (ref === null) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid Finnish reference number (check digit).' })
      return z.NEVER
    }
    return ref
  })
export const Cents = z
  .number({ message: 'An amount in cents (an integer).' })
  .int('An amount in cents (an integer).')
  .positive('The amount must be positive.')
  .max(2_000_000_000, 'The amount is too large.')

export const FinanceOrgParam = z.strictObject({ orgId: Uuid })
export const ApartmentParams = z.strictObject({ orgId: Uuid, apartmentId: Uuid })
export const InvoiceParams = z.strictObject({ orgId: Uuid, invoiceId: Uuid })
export const SupplierInvoiceParams = z.strictObject({ orgId: Uuid, supplierInvoiceId: Uuid })
export const PaymentParams = z.strictObject({ orgId: Uuid, paymentId: Uuid })
export const ApiKeyParams = z.strictObject({ orgId: Uuid, keyId: z.string().min(1).max(64) })

export const BalanceQuery = z.strictObject({ asOf: IsoDate.optional() })
export const PdfQuery = z.strictObject({ lang: z.enum(['fi', 'sv', 'en']).default('fi') })
export const BudgetQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
})

export const DecisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(1000).default(''),
})
export const ManualPaymentBody = z.strictObject({
  reference: Reference,
  amountCents: Cents,
  paidOn: IsoDate,
  payerName: z.string().trim().max(200).default(''),
  note: z.string().trim().max(500).default(''),
})
export const MatchPaymentBody = z.strictObject({ invoiceId: Uuid })
export const CreditBody = z.strictObject({
  amountCents: Cents,
  reason: z.string().trim().min(1, 'Required.').max(500),
})
export const ApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'Required.').max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, 'Choose at least one scope.').max(3),
})

/** A contractor sends an invoice to a cooperative its company works with (supplierSubmitRoutes.ts). */
export const SupplierInvoiceSubmitBody = z
  .strictObject({
    cooperativeId: Uuid,
    invoiceNumber: z.string().trim().min(1, 'Required.').max(100),
    description: z.string().trim().max(1000).default(''),
    category: z.enum(COST_CATEGORIES),
    amountCents: Cents,
    vatCents: z
      .number({ message: 'An amount in cents (an integer).' })
      .int('An amount in cents (an integer).')
      .min(0, 'The VAT cannot be negative.')
      .default(0),
    issuedOn: IsoDate,
    dueDate: IsoDate,
  })
  .refine((b) => b.vatCents <= b.amountCents, {
    path: ['vatCents'],
    message: 'VAT cannot exceed the amount.',
  })
  .refine((b) => b.dueDate >= b.issuedOn, { path: ['dueDate'], message: 'Due before it was issued.' })

export interface SupplierRecipient {
  id: string
  name: string
}

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export interface InvoiceItem {
  id: string
  apartmentId: string
  kind: InvoiceKind
  /** First day of the month charged, YYYY-MM-DD. */
  period: string
  description: string
  payerName: string
  amountCents: number
  vatCents: number
  paidCents: number
  creditedCents: number
  openCents: number
  issuedOn: string
  dueDate: string
  paidOn: string | null
  reference: string
  iban: string
  status: InvoiceStatus
}

export interface PaymentItem {
  id: string
  reference: string
  amountCents: number
  paidOn: string
  payerName: string
  invoiceId: string | null
  source: 'import' | 'manual'
  note: string
}

export interface LoanShareItem {
  loanName: string
  originalCents: number
  remainingCents: number
  paidOff: boolean
}

export interface ApartmentFinance {
  apartment: { id: string; number: string; building: string; orgId: string; orgName: string }
  /** Positive: owed; negative: paid in advance. As of `asOf`. */
  balanceCents: number
  asOf: string
  invoices: InvoiceItem[]
  payments: PaymentItem[]
  loanShares: LoanShareItem[]
}

export interface MyFinancesResponse {
  apartments: ApartmentFinance[]
}

export interface FinanceAbilities {
  read: boolean
  record: boolean
  approve: boolean
  manageKeys: boolean
}

export interface OverdueItem {
  invoiceId: string
  apartmentId: string
  apartmentNumber: string
  payerName: string
  kind: InvoiceKind
  dueDate: string
  reference: string
  openCents: number
  daysOverdue: number
  bucket: AgeingBucket
}

export interface OverdueResponse {
  today: string
  buckets: Record<AgeingBucket, { count: number; openCents: number }>
  totalCents: number
  items: OverdueItem[]
  /** More overdue invoices exist than listed (the totals count them all). */
  truncated: boolean
}

export interface BudgetLine {
  category: CostCategory
  budgetCents: number
  actualCents: number
  /** actual − budget */
  differenceCents: number
  monthly: number[]
}

export interface BudgetResponse {
  year: number
  years: number[]
  lines: BudgetLine[]
  totals: { budgetCents: number; actualCents: number }
}

export interface SupplierInvoiceItem {
  id: string
  orgId: string
  orgName: string
  supplierName: string
  supplierBusinessId: string | null
  invoiceNumber: string
  description: string
  category: CostCategory
  amountCents: number
  vatCents: number
  issuedOn: string
  dueDate: string
  status: 'pending' | 'approved' | 'rejected'
  decidedAt: string | null
  decidedBy: string | null
  decisionNote: string
}

export interface ApiKeyItem {
  id: string
  name: string
  scopes: ApiKeyScope[]
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}
