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

export const EventInput = z
  .strictObject({
    title: z.string().trim().min(1, 'Required.').max(TITLE_MAX),
    description: z.string().trim().max(DESCRIPTION_MAX).default(''),
    place: z.string().trim().max(PLACE_MAX).default(''),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    audience: Audience,
    capacity: z.number().int().min(1).max(100_000).nullable().default(null),
    /** Hours before the start to remind invitees on their channels; null: no reminder. */
    reminderHours: z.number().int().min(1).max(336).nullable().default(24),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), {
    message: 'The end must be after the start.',
    path: ['endsAt'],
  })
  .refine((e) => Date.parse(e.endsAt) - Date.parse(e.startsAt) <= MAX_DURATION_MS, {
    message: 'An event lasts at most 14 days.',
    path: ['endsAt'],
  })
  .refine((e) => Date.parse(e.startsAt) > Date.now() - 3600_000, {
    message: 'The start is in the past.',
    path: ['startsAt'],
  })
  .refine((e) => Date.parse(e.startsAt) < Date.now() + MAX_AHEAD_MS, {
    message: 'The start is more than two years ahead.',
    path: ['startsAt'],
  })
export type EventInput = z.input<typeof EventInput>

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
}

export interface EventDetail extends EventSummary {
  description: string
  reminderHours: number | null
  threadId: string
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
