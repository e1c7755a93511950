import { z } from 'zod'
import { WEEKDAYS } from '../bookings.ts'
import { localNamesBody } from '../localNames.ts'
import { Uuid } from './common.ts'

/** Request validators of /api/bookings. Instants are ISO strings with an offset or Z. */
const Instant = z.iso.datetime({
  offset: true,
  message: 'Use an ISO time such as 2027-03-28T18:00:00+03:00.',
})
const LocalDate = z.iso.date({ message: 'Use a date such as 2027-03-28.' })
const ClockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'Use a time such as 07:30.')
const Title = z.string().trim().min(1).max(100)

export const OrgParam = z.strictObject({ orgId: Uuid })
export const OrgResourceParams = z.strictObject({ orgId: Uuid, resourceId: Uuid })
export const OrgBookingParams = z.strictObject({ orgId: Uuid, bookingId: Uuid })
export const OrgItemParams = z.strictObject({ orgId: Uuid, itemId: Uuid })

const minutes = (a: string) => {
  const [h, m] = a.split(':').map(Number) as [number, number]
  return h * 60 + m
}

const DAY_MINUTES = 1440
const WEEK_MINUTES = 7 * DAY_MINUTES

/**
 * The week's opening ranges as minutes from Monday 00:00 (wall clock). A range whose end is not
 * after its start ("20:00"–"01:00") crosses midnight and ends on the next day; Sunday night wraps
 * into Monday, so it is split at the week's end.
 */
function weekMinutes(days: Partial<Record<string, [string, string][]>>): [number, number][] {
  const out: [number, number][] = []
  for (const [day, ranges] of Object.entries(days)) {
    const base = (Number(day) - 1) * DAY_MINUTES
    for (const [from, to] of ranges ?? []) {
      const start = base + minutes(from)
      const end = base + minutes(to) + (to !== '24:00' && minutes(to) <= minutes(from) ? DAY_MINUTES : 0)
      if (end <= WEEK_MINUTES) out.push([start, end])
      else out.push([start, WEEK_MINUTES], [0, end - WEEK_MINUTES])
    }
  }
  return out.sort((a, b) => a[0] - b[0])
}

export const OpeningHoursField = z
  .partialRecord(
    z.enum(WEEKDAYS),
    z
      .array(z.tuple([ClockTime, ClockTime]))
      .max(6)
      .refine(
        (ranges) => ranges.every(([from, to]) => from !== '24:00' && from !== to),
        'Each range needs a different start and end; an end before the start runs past midnight.',
      ),
  )
  .refine((days) => Object.values(days).some((r) => r && r.length > 0), 'Open on at least one day.')
  .refine(
    (days) => weekMinutes(days).every((r, i, all) => i === 0 || (all[i - 1] as [number, number])[1] <= r[0]),
    'Opening ranges overlap (a range past midnight counts into the next day).',
  )

const RuleFields = {
  mode: z.enum(['slots', 'free']),
  gridMinutes: z.number().int().min(5).max(1440),
  minMinutes: z.number().int().min(5).max(20160),
  maxMinutes: z.number().int().min(5).max(20160),
  openingHours: OpeningHoursField,
  leadMinMinutes: z.number().int().min(0).max(525600),
  leadMaxDays: z.number().int().min(1).max(730),
  cancelCutoffMinutes: z.number().int().min(0).max(525600),
}
/**
 * Defaults belong to creation only: zod keeps a `.default()` inside `.partial()`, so a PATCH of
 * one field would quietly reset every defaulted rule.
 */
const RuleDefaults = {
  leadMinMinutes: RuleFields.leadMinMinutes.default(0),
  leadMaxDays: RuleFields.leadMaxDays.default(30),
  cancelCutoffMinutes: RuleFields.cancelCutoffMinutes.default(0),
}

export function rulesAreCoherent(r: {
  mode: string
  gridMinutes: number
  minMinutes: number
  maxMinutes: number
}) {
  if (r.minMinutes > r.maxMinutes || r.minMinutes < r.gridMinutes) return false
  if (r.minMinutes % r.gridMinutes !== 0 || r.maxMinutes % r.gridMinutes !== 0) return false
  return r.mode === 'free' || (r.minMinutes === r.gridMinutes && r.maxMinutes === r.gridMinutes)
}
const COHERENCE = {
  message:
    'min and max must be multiples of the grid with grid ≤ min ≤ max; fixed slots have min = max = grid.',
  path: ['minMinutes'],
}

/** A category is named by `names` (fi/sv/en, issue 20) or, as before, by one `name`. */
const CategoryNames = localNamesBody(100)
export const CategoryCreateBody = z
  .strictObject({
    name: Title.optional(),
    names: CategoryNames.optional(),
    position: z.number().int().min(0).default(0),
  })
  .refine((b) => b.name !== undefined || b.names !== undefined, {
    message: 'Give the category a name.',
    path: ['names'],
  })
export const QuotaGroupCreateBody = z.strictObject({
  name: Title,
  maxActive: z.number().int().min(1).max(100),
})

export const CategoryPatchBody = z
  .strictObject({ name: Title, names: CategoryNames, position: z.number().int().min(0) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')
export const QuotaGroupPatchBody = z
  .strictObject({ name: Title, maxActive: z.number().int().min(1).max(100) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

export const ResourceCreateBody = z
  .strictObject({
    name: Title,
    description: z.string().trim().max(2000).default(''),
    categoryId: Uuid,
    buildingId: Uuid.nullable().default(null),
    quotaGroupId: Uuid.nullable().default(null),
    ...RuleFields,
    ...RuleDefaults,
  })
  .refine(rulesAreCoherent, COHERENCE)

export const ResourcePatchBody = z
  .strictObject({
    name: Title,
    description: z.string().trim().max(2000),
    categoryId: Uuid,
    buildingId: Uuid.nullable(),
    quotaGroupId: Uuid.nullable(),
    active: z.boolean(),
    ...RuleFields,
  })
  .partial()

export const BlackoutCreateBody = z
  .strictObject({ start: Instant, end: Instant, reason: z.string().trim().max(200).default('') })
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), { message: 'End after start.', path: ['end'] })

export const LinkCreateBody = z.strictObject({
  name: Title,
  resourceIds: z.array(Uuid).min(2).max(20),
})

/**
 * `week`: the Monday-to-Sunday week holding that date. `from`: seven days starting on that date
 * (the booking page opens on today and the next days, not on a Monday mostly in the past).
 * `days`: how many days from there (default 7; 1 for the day view, up to six weeks for a month).
 */
export const AVAILABILITY_MAX_DAYS = 42
export const AvailabilityQuery = z.strictObject({
  week: LocalDate.optional(),
  from: LocalDate.optional(),
  days: z.coerce.number().int().min(1).max(AVAILABILITY_MAX_DAYS).optional(),
})

export const BookingCreateBody = z
  .strictObject({
    resourceId: Uuid,
    start: Instant,
    end: Instant,
    /** Residents: one of their apartments (optional when they have one). Staff: any, or none. */
    apartmentId: Uuid.nullable().optional(),
    note: z.string().trim().max(200).default(''),
    /** Staff only: skip lead time, quota, opening hours and blackouts (never the overlap). */
    override: z.boolean().default(false),
  })
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), { message: 'End after start.', path: ['end'] })

export const MyBookingsQuery = z.strictObject({
  orgId: Uuid.optional(),
  past: z.enum(['0', '1']).default('0'),
})

export const StandingShiftCreateBody = z.strictObject({
  resourceId: Uuid,
  apartmentId: Uuid,
  weekday: z.number().int().min(1).max(7),
  startTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Use a time such as 19:00.'),
  durationMinutes: z.number().int().min(5).max(1440),
  validFrom: LocalDate,
  validUntil: LocalDate.nullable().default(null),
  /** How many weeks ahead to create the bookings now. */
  weeks: z.number().int().min(1).max(104).default(26),
})

export const FeedTokenParam = z.strictObject({ token: z.string().min(20).max(200) })
