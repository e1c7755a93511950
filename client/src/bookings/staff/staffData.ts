import { query } from '@solidjs/router'
import type { OpeningHours, ResourceRules } from '../../../../schema/bookings.ts'
import { BOOKING_TIME_ZONE } from '../../../../schema/bookings.ts'
import type { LocalNames } from '../../../../schema/localNames.ts'
import { api } from '../../api.ts'
import type { Resource } from '../data.ts'

/** Staff calls of /api/bookings (docs/BOOKINGS.md, "API") and the org's buildings and apartments. */
const base = (orgId: string) => `/bookings/orgs/${orgId}`

/** What the editor holds (mutable, unlike the rules read from the server). */
export type ResourceInput = { -readonly [K in keyof ResourceRules]: ResourceRules[K] } & {
  name: string
  description: string
  categoryId: string
  buildingId: string | null
  quotaGroupId: string | null
  active: boolean
}

export interface Blackout {
  id: string
  start: string
  end: string
  reason: string
}

export interface StandingShift {
  id: string
  resourceId: string
  apartmentId: string
  apartmentNumber: string
  weekday: number
  startTime: string
  durationMinutes: number
  validFrom: string
  validUntil: string | null
}

export interface Building {
  id: string
  name: string
  apartments: Array<{ id: string; number: string }>
}

export const getPlaces = query(
  (orgId: string) => api.get<{ buildings: Building[] }>(`/orgs/${orgId}`),
  'bookings.staff.places',
)
export const getBlackouts = query(
  (orgId: string, resourceId: string) =>
    api.get<{ blackouts: Blackout[] }>(`${base(orgId)}/resources/${resourceId}/blackouts`),
  'bookings.staff.blackouts',
)
export const getShifts = query(
  (orgId: string) => api.get<{ shifts: StandingShift[] }>(`${base(orgId)}/standing-shifts`),
  'bookings.staff.shifts',
)

export function createResource(orgId: string, body: Omit<ResourceInput, 'active'>) {
  return api.post<{ resource: Resource }>(`${base(orgId)}/resources`, body)
}
export function updateResource(orgId: string, resourceId: string, body: Partial<ResourceInput>) {
  return api.patch<{ resource: Resource }>(`${base(orgId)}/resources/${resourceId}`, body)
}
export const createCategory = (orgId: string, names: LocalNames, position: number) =>
  api.post<{ category: { id: string } }>(`${base(orgId)}/categories`, { names, position })
export const renameCategory = (orgId: string, id: string, names: LocalNames) =>
  api.patch(`${base(orgId)}/categories/${id}`, { names })
export const createQuotaGroup = (orgId: string, name: string, maxActive: number) =>
  api.post(`${base(orgId)}/quota-groups`, { name, maxActive })
export const updateQuotaGroup = (orgId: string, id: string, body: { name?: string; maxActive?: number }) =>
  api.patch(`${base(orgId)}/quota-groups/${id}`, body)
export const addBlackout = (orgId: string, resourceId: string, body: Omit<Blackout, 'id'>) =>
  api.post(`${base(orgId)}/resources/${resourceId}/blackouts`, body)
export const removeBlackout = (orgId: string, id: string) => api.delete(`${base(orgId)}/blackouts/${id}`)
export const createLink = (orgId: string, name: string, resourceIds: string[]) =>
  api.post(`${base(orgId)}/links`, { name, resourceIds })
export const removeLink = (orgId: string, id: string) => api.delete(`${base(orgId)}/links/${id}`)
export const createShift = (
  orgId: string,
  body: Omit<StandingShift, 'id' | 'apartmentNumber' | 'validUntil'> & { weeks: number },
) => api.post<{ created: number; conflicts: unknown[] }>(`${base(orgId)}/standing-shifts`, body)
export const endShift = (orgId: string, id: string) =>
  api.delete<{ cancelled: number }>(`${base(orgId)}/standing-shifts/${id}`)

// ── Helsinki wall clock ↔ instants, for blackout inputs (the browser may be in another zone) ──

function offsetMinutes(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: BOOKING_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms))
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000)
}

/** "2027-03-28T18:00" in Helsinki → ISO instant (the offset is taken at that moment, so DST holds). */
export function helsinkiToIso(local: string): string {
  const [date, time] = local.split('T') as [string, string]
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  const first = guess - offsetMinutes(guess) * 60_000
  return new Date(guess - offsetMinutes(first) * 60_000).toISOString()
}

/** Opening hours as edited: a time of day has no "24:00" (TimeField), so midnight closing is "00:00". */
export function hoursForEditing(hours: OpeningHours): OpeningHours {
  return Object.fromEntries(
    Object.entries(hours).map(([day, ranges]) => [
      day,
      (ranges ?? []).map(([from, to]) => [from, to === '24:00' ? '00:00' : to]),
    ]),
  )
}

/** …and back: a range closing at "00:00" ends at the day's end ("24:00"; "00:00"–"00:00" is all day). */
export function hoursForSaving(hours: OpeningHours): OpeningHours {
  return Object.fromEntries(
    Object.entries(hours)
      .filter(([, ranges]) => ranges && ranges.length > 0)
      .map(([day, ranges]) => [
        day,
        (ranges ?? []).map(([from, to]) => [from, to === '00:00' ? '24:00' : to]),
      ]),
  )
}
