/** Vocabulary of the finance domain, shared by the database, the API, the import and the client. */
export const INVOICE_KINDS = ['maintenance', 'financing', 'water', 'sauna', 'parking', 'other'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]

export const COST_CATEGORIES = [
  'heating',
  'water',
  'electricity',
  'cleaning',
  'property_maintenance',
  'repairs',
  'management_fee',
  'insurance',
  'loan_costs',
  'capital_income',
  'other',
] as const
export type CostCategory = (typeof COST_CATEGORIES)[number]

export const API_KEY_SCOPES = ['finance:write', 'directory:write', 'read'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

/** One row of an import file may not be larger than the store accepts for one amount. */
export const MAX_ROW_CENTS = 2_000_000_000
