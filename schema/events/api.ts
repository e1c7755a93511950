import { z } from 'zod'
import { Uuid } from '../api/common.ts'
import { Audience } from '../communications/api.ts'

/**
 * Request validators and response shapes of events (api/events, issue 16). Times are instants
 * (ISO with an offset); the client turns Helsinki wall-clock time into them (DST-safe, luxon) and
 * shows them in Europe/Helsinki. The audience is the same targeting as a mass communication.
 */
export { EVENT_TIME_ZONE } from './time.ts'
export const RSVP_RESPONSES = ['yes', 'no', 'maybe'] as const
export type Rsvp = (typeof RSVP_RESPONSES)[number]
export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 10_000
export const PLACE_MAX = 200
/** An event lasts at most two weeks; it may be planned at most two years ahead. */
const MAX_DURATION_MS = 14 * 24 * 3600_000
const MAX_AHEAD_MS = 2 * 366 * 24 * 3600_000

const Title = z.string().trim().min(1, 'Required.').max(TITLE_MAX)
const Description = z.string().trim().max(DESCRIPTION_MAX)
const Place = z.string().trim().max(PLACE_MAX)
const Instant = z.iso.datetime({ offset: true })
const Capacity = z.number().int().min(1).max(100_000).nullable()
/** Hours before the start to remind invitees on their channels; null: no reminder. */
const ReminderHours = z.number().int().min(1).max(336).nullable()

/**
 * The rules an event's times obey, on creation and after an edit (checked on the merged event,
 * since an edit may move only one end). Each problem names the field it belongs to.
 */
export function eventTimeProblems(
  startsAt: string,
  endsAt: string,
  startChanged = true,
): Array<{ path: 'startsAt' | 'endsAt'; message: string }> {
  const s = Date.parse(startsAt)
  const e = Date.parse(endsAt)
  const out: Array<{ path: 'startsAt' | 'endsAt'; message: string }> = []
  if (!(e > s)) out.push({ path: 'endsAt', message: 'The end must be after the start.' })
  else if (e - s > MAX_DURATION_MS) out.push({ path: 'endsAt', message: 'An event lasts at most 14 days.' })
  // An edit that leaves the start alone may keep a start that has since passed (fixing a typo in the place).
  if (startChanged && s <= Date.now() - 3600_000)
    out.push({ path: 'startsAt', message: 'The start is in the past.' })
  if (s >= Date.now() + MAX_AHEAD_MS)
    out.push({ path: 'startsAt', message: 'The start is more than two years ahead.' })
  return out
}

export const EventInput = z
  .strictObject({
    title: Title,
    description: Description.default(''),
    place: Place.default(''),
    startsAt: Instant,
    endsAt: Instant,
    audience: Audience,
    capacity: Capacity.default(null),
    reminderHours: ReminderHours.default(24),
  })
  .superRefine((e, ctx) => {
    for (const p of eventTimeProblems(e.startsAt, e.endsAt))
      ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] })
  })
export type EventInput = z.input<typeof EventInput>

/**
 * Editing an event (PATCH /api/events/:id): any of its fields, at least one. The times are
 * checked against the event as it will be after the edit (the route merges first). RSVPs stay.
 */
export const EventPatch = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    place: Place.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    audience: Audience.optional(),
    capacity: Capacity.optional(),
    reminderHours: ReminderHours.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'Nothing to change.' })
export type EventPatch = z.input<typeof EventPatch>

export const RsvpInput = z.strictObject({ response: z.enum(RSVP_RESPONSES) })
export const EventParam = z.strictObject({ id: Uuid })
export const EventFile = z.strictObject({ file: z.string().regex(/^[0-9a-f-]{36}\.ics$/) })
export const OrgParam = z.strictObject({ orgId: Uuid })

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export type RsvpCounts = Record<Rsvp, number>

export interface EventSummary {
  id: string
  orgId: string
  orgName: string
  title: string
  place: string
  startsAt: string
  endsAt: string
  capacity: number | null
  cancelled: boolean
  counts: RsvpCounts
  invited: number
  myResponse: Rsvp | null
  /** The iCalendar SEQUENCE: how many times attendees have been told of a change. */
  sequence: number
  /** When it was last edited, or null. */
  updatedAt: string | null
}

export interface EventDetail extends EventSummary {
  description: string
  reminderHours: number | null
  threadId: string
  /** The audience it was created (or last edited) with, for organisers (the edit form starts from it); null for others. */
  audience: Audience | null
  /** The chat document (`thread:<org>:<thread>`). */
  document: string
  abilities: { rsvp: boolean; manage: boolean; write: boolean; moderate: boolean }
}

export interface RsvpRow {
  userId: string
  name: string
  response: Rsvp
  updatedAt: string
}

export const emptyCounts = (): RsvpCounts => ({ yes: 0, no: 0, maybe: 0 })
