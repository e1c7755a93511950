/**
 * Bookings vocabulary shared by the API, the client and the calendar document: the time zone,
 * the rule codes a refused booking carries, and the shapes of rules and availability.
 */
export const BOOKING_TIME_ZONE = 'Europe/Helsinki'

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** ISO weekday "1" (Monday) .. "7" → [from, to] wall-clock pairs "HH:MM" ("24:00" ends a day). */
export type OpeningHours = Partial<Record<Weekday, [string, string][]>>

/**
 * Why a booking was refused (422 booking_rule, `details.rule`). `too_early`: the booking window
 * for that time has not opened yet (lead_max_days); `too_late`: it starts too soon or is past.
 */
export const BOOKING_RULES = [
  'resource_inactive',
  'no_apartment',
  'wrong_building',
  'too_early',
  'too_late',
  'duration',
  'outside_opening_hours',
  'off_grid',
  'blackout',
  'quota_reached',
  'cancel_cutoff',
] as const
export type BookingRule = (typeof BOOKING_RULES)[number]

export interface ResourceRules {
  readonly mode: 'slots' | 'free'
  readonly gridMinutes: number
  readonly minMinutes: number
  readonly maxMinutes: number
  readonly openingHours: OpeningHours
  readonly leadMinMinutes: number
  readonly leadMaxDays: number
  readonly cancelCutoffMinutes: number
}

export interface Interval {
  /** ISO instants (UTC). */
  readonly start: string
  readonly end: string
}

/** One grid cell of a day: free to book, taken (by whom only for staff and for one's own), or closed. */
export interface AvailabilityCell extends Interval {
  readonly status: 'free' | 'taken' | 'blackout' | 'past'
  readonly booking?: {
    readonly id: string | null
    readonly mine: boolean
    /** Staff only. */
    readonly apartment?: string | null
    readonly bookedBy?: string | null
    /** Taken through a linked resource (shared heater), not this one. */
    readonly linked?: boolean
  }
}
