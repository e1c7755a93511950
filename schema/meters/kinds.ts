/** Vocabulary of meters, shared by the database, the API, the import and the client. */
export const METER_KINDS = ['electricity', 'cold_water', 'hot_water', 'heat', 'other'] as const
export type MeterKind = (typeof METER_KINDS)[number]

export const METER_UNITS = ['kWh', 'MWh', 'm3', 'l'] as const
export type MeterUnit = (typeof METER_UNITS)[number]

export const READING_STATUSES = ['accepted', 'flagged', 'rejected'] as const
export type ReadingStatus = (typeof READING_STATUSES)[number]

export const FLAG_REASONS = ['high_consumption', 'low_consumption'] as const
export type FlagReason = (typeof FLAG_REASONS)[number]

/** Why a reading is refused outright (422 with `details.reason`); the client words it per language. */
export const REFUSAL_REASONS = ['future_date', 'below_previous', 'meter_retired'] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** Largest value a meter may show (numeric(14,3) in the database). */
export const MAX_READING = 99_999_999_999
