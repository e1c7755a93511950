import { z } from 'zod'
import { normaliseIban } from '../finance/iban.ts'
import { COST_CATEGORIES, INVOICE_KINDS, MAX_ROW_CENTS } from '../finance/kinds.ts'
import { normaliseReference } from '../finance/reference.ts'
import { IsoDate } from './finance.ts'
import { METER_IMPORT_KINDS } from './meterImport.ts'

/**
 * One row of each import kind (api/finance/import). The same schema reads a JSON array element,
 * an NDJSON line and a CSV record: CSV cells are text, so integers also come as digit strings,
 * and an empty cell counts as absent. Unknown fields are refused, so a typo never goes unseen.
 */
export const FINANCE_IMPORT_KINDS = [
  'invoices',
  'payments',
  'budgets',
  'actuals',
  'supplier-invoices',
  'loan-shares',
  'holdings',
  'rents',
  'renovations',
  ...METER_IMPORT_KINDS,
] as const
/** The cooperative's directory (issue 18): API-key scope directory:write (api/onboarding). */
export const DIRECTORY_IMPORT_KINDS = ['apartments'] as const
export const IMPORT_KINDS = [...FINANCE_IMPORT_KINDS, ...DIRECTORY_IMPORT_KINDS] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const MAX_IMPORT_ROWS = 50_000

const Int = (min: number, max: number, message?: string) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/, 'Not a whole number.')
        .transform(Number),
    ])
    .pipe(
      z
        .number()
        .int('Not a whole number (amounts are in cents).')
        .min(min, message ?? `At least ${min}.`)
        .max(max, `At most ${max}.`),
    )
const PositiveCents = Int(1, MAX_ROW_CENTS, 'The amount must be positive.')
const ZeroOrMoreCents = Int(0, MAX_ROW_CENTS, 'Must not be negative.')
const SignedCents = Int(-MAX_ROW_CENTS, MAX_ROW_CENTS)
const ExternalId = z.string().trim().min(1, 'Required.').max(100)
const Text = (max: number) => z.string().trim().max(max)

const FinnishReference = z
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
/**
 * An import file names the cooperative's one or two accounts on every row: each distinct text is
 * checked once (ibantools' mod-97 was a tenth of an import's CPU). Bounded, so memory stays flat.
 */
const ibans = new Map<string, string | null>()
function cachedIban(s: string): string | null {
  let iban = ibans.get(s)
  if (iban === undefined) {
    if (ibans.size >= 1000) ibans.clear()
    iban = normaliseIban(s)
    ibans.set(s, iban)
  }
  return iban
}
const Iban = z
  .string()
  .max(42)
  .transform((s, ctx) => {
    const iban = cachedIban(s)
    if (iban === null) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid IBAN.' })
      return z.NEVER
    }
    return iban
  })
/** The apartment: our id, or its number as the cooperative knows it ("A 1"). */
const ApartmentRef = z.string().trim().min(1, 'Required.').max(100)

export const InvoiceRow = z
  .strictObject({
    externalId: ExternalId,
    apartment: ApartmentRef,
    payerName: Text(200).default(''),
    kind: z.enum(INVOICE_KINDS),
    period: z
      .string()
      .regex(/^\d{4}-\d{2}(-01)?$/, 'Use the month, such as 2026-03.')
      .transform((p) => `${p.slice(0, 7)}-01`),
    description: Text(500).default(''),
    amountCents: PositiveCents,
    vatCents: ZeroOrMoreCents.default(0),
    issuedOn: IsoDate,
    dueDate: IsoDate,
    reference: FinnishReference,
    iban: Iban,
  })
  // Only once the amount itself is valid: a negative amount is one error, not two.
  .refine((r) => !(r.amountCents > 0) || r.vatCents <= r.amountCents, {
    path: ['vatCents'],
    message: 'VAT cannot exceed the amount.',
  })
  .refine((r) => r.dueDate >= r.issuedOn, { path: ['dueDate'], message: 'Due before the invoice date.' })
export type InvoiceRow = z.infer<typeof InvoiceRow>

export const PaymentRow = z.strictObject({
  externalId: ExternalId,
  /** As the bank reported it; a valid Finnish reference is matched to its invoice. */
  reference: Text(35).default(''),
  amountCents: PositiveCents,
  paidOn: IsoDate,
  payerName: Text(200).default(''),
})
export type PaymentRow = z.infer<typeof PaymentRow>

export const BudgetRow = z.strictObject({
  externalId: ExternalId,
  fiscalYear: Int(2000, 2100),
  category: z.enum(COST_CATEGORIES),
  amountCents: SignedCents,
})
export type BudgetRow = z.infer<typeof BudgetRow>

export const ActualRow = z.strictObject({
  externalId: ExternalId,
  fiscalYear: Int(2000, 2100),
  month: Int(1, 12),
  category: z.enum(COST_CATEGORIES),
  amountCents: SignedCents,
})
export type ActualRow = z.infer<typeof ActualRow>

export const SupplierInvoiceRow = z
  .strictObject({
    externalId: ExternalId,
    supplierName: z.string().trim().min(1, 'Required.').max(200),
    supplierBusinessId: z
      .string()
      .trim()
      .regex(/^\d{7}-\d$/, 'A business ID such as 1234567-8.')
      .optional(),
    invoiceNumber: Text(100).default(''),
    description: Text(1000).default(''),
    category: z.enum(COST_CATEGORIES),
    amountCents: PositiveCents,
    vatCents: ZeroOrMoreCents.default(0),
    issuedOn: IsoDate,
    dueDate: IsoDate,
  })
  // Only once the amount itself is valid: a negative amount is one error, not two.
  .refine((r) => !(r.amountCents > 0) || r.vatCents <= r.amountCents, {
    path: ['vatCents'],
    message: 'VAT cannot exceed the amount.',
  })
export type SupplierInvoiceRow = z.infer<typeof SupplierInvoiceRow>

export const LoanShareRow = z
  .strictObject({
    externalId: ExternalId,
    apartment: ApartmentRef,
    loanName: z.string().trim().min(1, 'Required.').max(200),
    originalCents: Int(0, Number.MAX_SAFE_INTEGER),
    remainingCents: Int(0, Number.MAX_SAFE_INTEGER),
  })
  .refine((r) => r.remainingCents <= r.originalCents, {
    path: ['remainingCents'],
    message: 'More remaining than the original share.',
  })
export type LoanShareRow = z.infer<typeof LoanShareRow>

/** A portfolio's holding of an apartment (issue 15): the property by its business ID. */
export const HoldingRow = z.strictObject({
  externalId: ExternalId,
  cooperative: z
    .string()
    .trim()
    .regex(/^\d{7}-\d$/, 'The business ID of the cooperative, such as 1234567-1.'),
  apartment: ApartmentRef,
  acquiredOn: IsoDate.optional(),
  priceCents: ZeroOrMoreCents.optional(),
})
export type HoldingRow = z.infer<typeof HoldingRow>

/** Rental income of a held apartment for a month; the holding by its externalId. */
export const RentRow = z.strictObject({
  externalId: ExternalId,
  holding: ExternalId,
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])(-01)?$/, 'Use the month, such as 2026-03.')
    .transform((p) => `${p.slice(0, 7)}-01`),
  amountCents: ZeroOrMoreCents,
})
export type RentRow = z.infer<typeof RentRow>

/** A line of the cooperative's long-term maintenance plan (PTS). */
export const RenovationRow = z.strictObject({
  externalId: ExternalId,
  title: z.string().trim().min(1, 'Required.').max(200),
  plannedYear: Int(2000, 2100),
  estimateCents: Int(0, Number.MAX_SAFE_INTEGER),
})
export type RenovationRow = z.infer<typeof RenovationRow>

export const ImportParams = z.strictObject({
  orgId: z.uuid({ message: 'Not a valid id.' }),
  kind: z.enum(IMPORT_KINDS),
})
export const ImportQuery = z.strictObject({
  dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
  /** `refused`: list only the refused rows (the counts still cover every row). */
  report: z.enum(['all', 'refused']).default('all'),
})

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused'
export interface RowReport {
  /** 1-based, in file order (CSV: the record, not counting the header). */
  row: number
  externalId: string | null
  status: RowOutcome
  errors?: { path: string; message: string }[]
}
export interface ImportReport {
  kind: ImportKind
  dryRun: boolean
  counts: Record<RowOutcome, number>
  rows: RowReport[]
}
