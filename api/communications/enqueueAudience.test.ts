import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Audience, Override } from '../../schema/communications/api.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { orgAnnouncementReach, reachOf } from '../../server/communications/announcementReach.ts'
import { resolveAudience } from '../../server/communications/audience.ts'
import { channelsFor } from '../../server/communications/channels.ts'
import { enqueueCommunication } from '../../server/communications/enqueue.ts'
import { enqueueAudience } from '../../server/communications/enqueueAudience.ts'
import { audienceFigures } from '../../server/communications/plannedAudience.ts'
import { type Connected, connectDatabase } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { ENGINES } from '../../server/test/engines.ts'
import { previewFromCounts, previewOf } from './preview.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

/**
 * The set-based enqueue writes the very rows the row-by-row one writes (resolveAudience →
 * channelsFor → enqueueCommunication): same people, channels, addresses (letter lines
 * included) and languages, for targeting by role, building, staircase and apartment, the
 * managing company's staff, and every override; the same recipient count; and the preview's
 * figures (per channel, who cannot be reached) as `previewOf` gives them, also when counted
 * before sending (`audienceFigures`); and an organisation's announcement reach as `reachOf`
 * gives it from the loaded people.
 */
describe.each(ENGINES)('set-based enqueue on %s', (engine) => {
  let connected: Connected
  let w: CommsWorld
  let org: OrgRef
  beforeAll(async () => {
    connected = await connectDatabase(
      engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
    )
    const db = connected.db
    w = await commsWorld(db)
    org = { id: w.coop.id, kind: 'housing_cooperative', status: 'active', managedBy: w.mgmt.id }
    // Every kind of preference and address: SMS with a phone, SMS with a blank one, letters,
    // no email wanted, nothing stored (the default), a kind other than announcements stored.
    await setPrefs(db, w.ownerA.id, { sms: true, letter: true })
    await setPrefs(db, w.ownerB.id, { email: false })
    await setPrefs(db, w.residentB.id, { sms: true })
    await setPrefs(db, w.auditor.id, { letter: true, sms: true })
    await db
      .updateTable('users')
      .set({ phone: '+358401111111', language: 'sv' })
      .where('id', '=', w.ownerA.id)
      .execute()
    await db.updateTable('users').set({ phone: '  ' }).where('id', '=', w.residentB.id).execute()
    await db
      .updateTable('users')
      .set({
        notification_prefs: jsonb({ message: { portal: true, email: false, sms: true, letter: true } }),
      })
      .where('id', '=', w.board.id)
      .execute()
  })
  afterAll(() => connected.close())

  const rowsOf = async (id: string) =>
    (
      await connected.db
        .selectFrom('communication_deliveries')
        .select(['user_id', 'channel', 'address', 'language', 'status', 'available_at'])
        .where('communication_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => ({ ...r, available_at: new Date(r.available_at).toISOString() }))

  const cases: Array<[string, Audience, Override]> = [
    ['everyone', { segments: [{}] }, {}],
    ['owners of B', { segments: [{ roles: ['owner'], buildingIds: ['B'] }] }, {}],
    ['staircase A or apartment B 2', { segments: [{ staircaseIds: ['A'] }, { apartmentIds: ['B2'] }] }, {}],
    ['staff and board', { segments: [{ roles: ['property_manager', 'accountant', 'board_member'] }] }, {}],
    ['letters to those without email', { segments: [{}] }, { letterWithoutEmail: true }],
    ['letters only', { segments: [{}] }, { channels: ['letter'] }],
    ['email and SMS only', { segments: [{}] }, { channels: ['email', 'sms'] }],
  ]
  const place = (a: Audience): Audience => ({
    segments: a.segments.map((s) => ({
      ...s,
      ...(s.buildingIds ? { buildingIds: s.buildingIds.map(() => w.B.buildingId) } : {}),
      ...(s.staircaseIds ? { staircaseIds: [w.A.staircaseId] } : {}),
      ...(s.apartmentIds ? { apartmentIds: [w.B.apt2] } : {}),
    })),
  })

  it.each(cases)(
    '%s: the same rows as resolving and enqueueing row by row',
    async (_name, given, override) => {
      const db = connected.db
      const audience = place(given)
      const scheduledAt = new Date(Date.now() + 3600_000)
      const recipients = await resolveAudience(db, org, audience)
      const base = { orgId: org.id, senderId: null, subject: 'S', body: 'B', override, scheduledAt }
      const old = await db
        .transaction()
        .execute((trx) => enqueueCommunication(trx, { ...base, audience, recipients }))
      const now = await db.transaction().execute((trx) => enqueueAudience(trx, org, audience, base))
      expect(now.recipients).toBe(recipients.length)
      expect(now.rows).toBe(old.rows)
      expect(recipients.length).toBeGreaterThan(0)
      expect(await rowsOf(now.id)).toEqual(await rowsOf(old.id))
      // The composer's figures too: per channel and who cannot be reached, in the same order.
      expect(
        previewFromCounts(now.recipients, now.perChannel, now.unreachable, 'x', now.unreachableCount),
      ).toEqual(previewOf(recipients, override, 'x'))
      // And the preview before sending, counted in the database without writing anything.
      const f = await audienceFigures(db, org, audience, override)
      expect(previewFromCounts(f.recipients, f.perChannel, f.unreachable, 'x', f.unreachableCount)).toEqual(
        previewOf(recipients, override, 'x'),
      )
      expect(f.portalOnly).toBe(
        recipients.filter((r) => channelsFor(r, override).channels.length === 1).length,
      )
      const counts = await db
        .selectFrom('communications')
        .select(['id', 'recipient_count'])
        .where('id', 'in', [old.id, now.id])
        .execute()
      expect(counts.map((c) => c.recipient_count)).toEqual([recipients.length, recipients.length])
    },
  )

  it('a critical announcement (email and SMS, no portal rows, texts): the same rows as row by row', async () => {
    const db = connected.db
    const audience = { segments: [{}] }
    const texts = { fi: { title: 'Vesikatko', body: 'Nyt' }, sv: { title: 'Vattenavbrott', body: 'Nu' } }
    const base = {
      orgId: org.id,
      senderId: null,
      subject: 'Vesikatko',
      body: 'Nyt',
      override: { channels: ['email', 'sms'] } satisfies Override,
      scheduledAt: new Date(),
      texts,
      withoutPortal: true,
    }
    const recipients = await resolveAudience(db, org, audience)
    const old = await db
      .transaction()
      .execute((trx) => enqueueCommunication(trx, { ...base, audience, recipients }))
    const now = await db.transaction().execute((trx) => enqueueAudience(trx, org, audience, base))
    expect(now.rows).toBe(old.rows)
    const rows = await rowsOf(now.id)
    expect(rows).toEqual(await rowsOf(old.id))
    expect(rows.some((r) => r.channel === 'portal')).toBe(false)
    expect(rows.length).toBeGreaterThan(0)
  })

  it("an organisation's announcement reach: the figures of loading everyone, for info and critical", async () => {
    const everyone = await resolveAudience(connected.db, org, { segments: [{}] })
    // The other cooperative's people (same managing company) are not counted.
    expect(everyone.map((r) => r.userId)).not.toContain(w.otherOwner.id)
    for (const severity of ['info', 'warning', 'critical'] as const) {
      expect(await orgAnnouncementReach(connected.db, org, severity)).toEqual(reachOf(everyone, severity, 1))
    }
    const critical = await orgAnnouncementReach(connected.db, org, 'critical')
    expect(critical.unreachableCount).toBeGreaterThan(0)
    expect(critical.bannerOnly).toBeGreaterThan(0)
  })

  it('letter lines as postalLines writes them (name, street and apartment, postcode and town)', async () => {
    const db = connected.db
    const audience = { segments: [{ apartmentIds: [w.A.apt1] }] }
    const { id } = await db.transaction().execute((trx) =>
      enqueueAudience(trx, org, audience, {
        orgId: org.id,
        senderId: null,
        subject: 'S',
        body: 'B',
        override: { channels: ['letter'] },
        scheduledAt: new Date(),
      }),
    )
    const letter = (await rowsOf(id)).find((r) => r.channel === 'letter')
    expect(letter?.address).toBe(`${w.ownerA.name}\nA-katu 3 A 1\n00100 Helsinki`)
  })
})
