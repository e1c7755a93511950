import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultNotificationPrefs, type NotificationPrefs } from '../../schema/roles.ts'
import { type Connected, connectDatabase } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import { ENGINES } from '../test/engines.ts'
import { addMembership, createOrg, createUser } from '../test/factories.ts'
import { orgAnnouncementReach, platformAnnouncementReach, reachOf } from './announcementReach.ts'
import { type Recipient, resolveAudience } from './audience.ts'

/**
 * The platform reach counted in SQL gives the figures the in-memory path gave (every person
 * loaded and run through `channelsFor`), on a seeded set with every case the rules have: stored
 * preferences or none, a kind missing, SMS wanted with and without a phone (and a blank one), an
 * erased person, a suspended organisation, someone in two organisations.
 */
async function loadedReach(db: Connected['db'], orgIds: readonly string[] | null, critical: boolean) {
  const inTargets = orgIds ? sql`AND m.org_id IN (${sql.join([...orgIds])})` : sql``
  const people = await sql<{
    id: string
    name: string
    email: string
    phone: string | null
    language: string
    notification_prefs: Partial<NotificationPrefs> | string | null
  }>`
    SELECT u.id, u.name, u.email, u.phone, u.language, u.notification_prefs FROM users u
    WHERE u.erased_at IS NULL AND EXISTS (
      SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
      WHERE m.user_id = u.id ${inTargets})
    ORDER BY u.name, u.id`.execute(db)
  const orgs = await sql<{ n: string }>`
    SELECT count(DISTINCT m.org_id) AS n FROM memberships m
    JOIN organisations o ON o.id = m.org_id AND o.status = 'active'
    JOIN users u ON u.id = m.user_id AND u.erased_at IS NULL
    WHERE true ${inTargets}`.execute(db)
  const recipients: Recipient[] = people.rows.map((p) => {
    const stored =
      typeof p.notification_prefs === 'string' ? JSON.parse(p.notification_prefs) : p.notification_prefs
    return {
      userId: p.id,
      name: p.name,
      email: p.email,
      phone: p.phone && p.phone.trim() !== '' ? p.phone : null,
      language: p.language,
      prefs: { ...defaultNotificationPrefs(), ...(stored ?? {}) },
      postal: null,
    }
  })
  return reachOf(recipients, critical ? 'critical' : 'info', Number(orgs.rows[0]?.n ?? 0))
}

describe.each(ENGINES)('platform announcement reach in SQL on %s', (engine) => {
  let connected: Connected
  let orgIds: string[]
  beforeAll(async () => {
    connected = await connectDatabase(
      engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
    )
    const db = connected.db
    const a = await createOrg(db)
    const b = await createOrg(db)
    const suspended = await createOrg(db)
    await db
      .updateTable('organisations')
      .set({ status: 'suspended' })
      .where('id', '=', suspended.id)
      .execute()
    orgIds = [a.id, b.id, suspended.id]
    const tag = crypto.randomUUID().slice(0, 6)
    const person = async (
      n: number,
      org: string,
      set: { phone?: string | null; prefs?: unknown; erased?: boolean } = {},
    ) => {
      const u = await createUser(db, { name: `Reach ${tag} ${String(n).padStart(3, '0')}` })
      await db
        .updateTable('users')
        .set({
          phone: set.phone ?? null,
          ...(set.prefs !== undefined ? { notification_prefs: jsonb(set.prefs) } : {}),
          ...(set.erased ? { erased_at: new Date() } : {}),
        })
        .where('id', '=', u.id)
        .execute()
      await addMembership(db, org, u.id, 'owner')
      return u
    }
    const ann = (p: Record<string, boolean>) => ({
      announcement: { portal: true, email: true, sms: false, letter: false, ...p },
    })
    let n = 0
    for (let i = 0; i < 12; i++) {
      const org = i % 2 ? a.id : b.id
      await person(n++, org) // no stored preferences: the default (email)
      await person(n++, org, { prefs: { message: { portal: true, email: false, sms: true, letter: false } } })
      await person(n++, org, { prefs: ann({ email: false }) }) // banner only when critical
      await person(n++, org, { prefs: ann({ sms: true }), phone: '+358401234567' })
      await person(n++, org, { prefs: ann({ sms: true }) }) // wants SMS, no phone
      await person(n++, org, { prefs: ann({ sms: true }), phone: '   ' }) // a blank phone
    }
    await person(n++, a.id, { erased: true })
    await person(n++, suspended.id, { prefs: ann({ sms: true }) })
    const both = await person(n++, a.id, { prefs: ann({ sms: true }) })
    await addMembership(db, b.id, both.id, 'board_member')
  })
  afterAll(() => connected.close())

  it('the chosen organisations: the same figures as loading everyone, for info and critical', async () => {
    for (const critical of [false, true]) {
      const severity = critical ? 'critical' : 'info'
      const counted = await platformAnnouncementReach(connected.db, orgIds, severity)
      expect(counted).toEqual(await loadedReach(connected.db, orgIds, critical))
      expect(counted.people).toBe(73)
      expect(counted.organisations).toBe(2)
    }
    const critical = await platformAnnouncementReach(connected.db, orgIds, 'critical')
    // 12 × (default, message-only prefs, sms+phone, sms-no-phone, blank phone) by email, + the one in both.
    expect(critical.perChannel).toEqual([
      { channel: 'portal', recipients: 73 },
      { channel: 'email', recipients: 61 },
      { channel: 'sms', recipients: 12 },
    ])
    expect(critical.unreachableCount).toBe(12 * 2 + 1)
    expect(critical.bannerOnly).toBe(12)
  })

  it("each organisation's reach in SQL: the same figures as loading its people", async () => {
    for (const id of orgIds) {
      const org = { id, kind: 'housing_cooperative' as const, status: 'active' as const, managedBy: null }
      const people = await resolveAudience(connected.db, org, { segments: [{}] })
      for (const severity of ['info', 'critical'] as const)
        expect(await orgAnnouncementReach(connected.db, org, severity)).toEqual(reachOf(people, severity, 1))
    }
    const [a] = orgIds
    const critical = await orgAnnouncementReach(
      connected.db,
      { id: a!, kind: 'housing_cooperative', status: 'active', managedBy: null },
      'critical',
    )
    // Org a: 6 × each case (erased one included, as the send includes them) and the one in both.
    expect(critical.people).toBe(6 * 6 + 2)
    expect(critical.unreachableCount).toBe(6 * 2 + 1)
  })

  it('everyone (no orgIds): the same figures as loading everyone', async () => {
    // On the shared Postgres other files add people meanwhile: compare on PGlite's own database.
    if (engine === 'postgres') return
    for (const severity of ['info', 'critical'] as const) {
      expect(await platformAnnouncementReach(connected.db, null, severity)).toEqual(
        await loadedReach(connected.db, null, severity === 'critical'),
      )
    }
  })
})
