import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnnouncementReach } from '../../schema/communications/api.ts'
import { addMembership, createUser, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

/**
 * An announcement's reach before publishing (issue 16: "a reach preview before publishing"):
 * how many see the banner, how many a critical one reaches by email and SMS, who asked for a
 * channel they cannot be reached on, who gets the banner only. An organisation's for its senders
 * (a member without the role 403, anyone else 404), a platform-wide one for platform admins (404
 * for everyone else), narrowed by `orgIds`. Read-only: nothing is published.
 */
describe.each(ENGINES)('announcement reach preview on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  let adminToken: string
  let both: { id: string }
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
    adminToken = await signIn(t.deps.db, (await createUser(t.deps.db, { platformAdmin: true })).id, true)
    // Owner B wants SMS but has no phone; owner A wants no email: banner only when critical.
    await setPrefs(t.deps.db, w.ownerB.id, { sms: true })
    await setPrefs(t.deps.db, w.ownerA.id, { email: false })
    // Someone in both cooperatives: one person on the platform's count.
    both = await createUser(t.deps.db)
    await addMembership(t.deps.db, w.coop.id, both.id, 'owner')
    await addMembership(t.deps.db, w.other.id, both.id, 'owner')
  })
  afterAll(() => t.close())

  const orgReach = (token: string, body: unknown) =>
    client(t.app, token).post(`/api/announcements/org/${w.coop.id}/reach`, body)
  const channel = (r: AnnouncementReach, c: string) => r.perChannel.find((x) => x.channel === c)?.recipients

  it("an organisation's: members and the managing company's staff; email and SMS only when critical", async () => {
    // Five in the cooperative, the person in both, the manager and the accountant of its company.
    const info = (await (await orgReach(w.manager.token, { severity: 'info' })).json()) as AnnouncementReach
    expect(info).toMatchObject({ people: 8, bannerOnly: 8, unreachableCount: 0, organisations: 1 })
    expect([channel(info, 'portal'), channel(info, 'email'), channel(info, 'sms')]).toEqual([8, 0, 0])
    const critical = (await (
      await orgReach(w.board.token, { severity: 'critical' })
    ).json()) as AnnouncementReach
    expect(critical.people).toBe(8)
    expect(channel(critical, 'email')).toBe(7)
    expect(channel(critical, 'sms')).toBe(0)
    expect(critical.unreachable).toEqual([{ userId: w.ownerB.id, name: w.ownerB.name, channel: 'sms' }])
    expect(critical.bannerOnly).toBe(1) // owner A
    // Nothing was published.
    const published = await t.deps.db
      .selectFrom('announcements')
      .select('id')
      .where('org_id', '=', w.coop.id)
      .execute()
    expect(published).toHaveLength(0)
  })

  it("an organisation's: a member without a sender role 403; another cooperative or a stranger 404; orgIds 400", async () => {
    for (const who of [w.ownerA, w.auditor, w.accountant]) {
      const res = await orgReach(who.token, { severity: 'info' })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
    }
    for (const who of [w.otherBoard, w.stranger]) {
      const res = await orgReach(who.token, { severity: 'info' })
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect((await orgReach(w.manager.token, { severity: 'info', orgIds: [w.other.id] })).status).toBe(400)
    expect((await orgReach(w.manager.token, { severity: 'loud' })).status).toBe(422)
  })

  it('platform-wide: platform admins only, each person once, narrowed to the organisations chosen', async () => {
    const reach = (token: string, body: unknown) =>
      client(t.app, token).post('/api/announcements/platform/reach', body)
    const res = await reach(adminToken, { severity: 'critical', orgIds: [w.coop.id, w.other.id] })
    expect(res.status).toBe(200)
    const r = (await res.json()) as AnnouncementReach
    // The cooperative's five, the other's two, the person in both once; the company's staff are
    // members of the company, which was not chosen.
    expect(r).toMatchObject({ people: 8, organisations: 2 })
    expect(channel(r, 'email')).toBe(7)
    expect(r.unreachable.map((u) => u.userId)).toEqual([w.ownerB.id])
    const one = (await (
      await reach(adminToken, { severity: 'info', orgIds: [w.other.id] })
    ).json()) as AnnouncementReach
    expect(one).toMatchObject({ people: 3, organisations: 1, bannerOnly: 3 })
    for (const who of [w.manager, w.board, w.ownerA, w.stranger]) {
      const denied = await reach(who.token, { severity: 'info', orgIds: [w.coop.id] })
      expect(denied.status).toBe(404)
    }
    const tooMany = Array.from({ length: 501 }, () => crypto.randomUUID())
    expect((await reach(adminToken, { severity: 'info', orgIds: tooMany })).status).toBe(422)
    expect((await reach(adminToken, { severity: 'info', orgIds: [] })).status).toBe(422)
  })
})
