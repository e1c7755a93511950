import { expect } from 'vitest'
import type { CommsWorld } from '../communications/testWorld.ts'
import type { TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/** Events are planned ahead of the test's clock: the API refuses one that has started. */
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()

/** A general meeting three days ahead, two hours long, for `segments`; `extra` changes fields. */
export const agm = (segments: unknown[], extra: Record<string, unknown> = {}) => ({
  title: 'Yhtiökokous',
  description: 'Varsinainen yhtiökokous. Kokouskutsu liitteenä.',
  place: 'Kerhohuone, A-talo',
  startsAt: hoursFromNow(72),
  endsAt: hoursFromNow(74),
  audience: { segments },
  ...extra,
})

/** Creates an event in the world's cooperative (by its manager unless `token` says who); its id. */
export async function createEvent(t: TestContext, w: CommsWorld, body: unknown, token = w.manager.token) {
  const res = await client(t.app, token).post(`/api/events/org/${w.coop.id}`, body)
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

/**
 * An ICS file's logical lines: RFC 5545 folds a line longer than 75 octets by CRLF and a space or
 * tab, so a test that looks for `LOCATION:…` must join them first.
 */
export const icsLines = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split('\r\n')
