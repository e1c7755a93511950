import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlatformAnnouncementStatus } from '../../schema/communications/api.ts'
import { type ChannelDeps, deliverEmail } from '../../server/communications/channelWork.ts'
import { claimDeliveries } from '../../server/communications/deliveries.ts'
import { fanOutStep } from '../../server/communications/platformFanout.ts'
import { createSmsSender } from '../../server/communications/sms.ts'
import { addMembership, createOrg, createUser, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

/**
 * A platform-wide critical announcement by email and SMS: fanned out in bounded steps to one send
 * per organisation, each person once however many organisations they belong to, by their
 * preferences; platform admins only; its delivery counts for them alone.
 *
 * On Postgres the announcement is limited to this test's organisations (`orgIds`, so that limit is
 * under test too), and every assertion is scoped by this announcement's id. On PGlite it goes to
 * everyone, as in production. Each file has a Postgres database of its own
 * (server/test/postgresPerFile.ts), so no other file's worker reaches these people.
 */
describe.each(ENGINES)('platform-wide critical announcement by email and SMS on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  let adminToken: string
  let multi: { id: string; email: string }
  let quiet: { id: string; email: string }
  let thirdOrg: string
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
    const admin = await createUser(t.deps.db, { platformAdmin: true })
    adminToken = await signIn(t.deps.db, admin.id, true)
    // A person in three organisations, with email and SMS on; and one who wants neither.
    thirdOrg = (await createOrg(t.deps.db)).id
    multi = await createUser(t.deps.db)
    for (const org of [w.coop.id, w.other.id, thirdOrg])
      await addMembership(t.deps.db, org, multi.id, 'owner')
    await setPrefs(t.deps.db, multi.id, { sms: true })
    await t.deps.db.updateTable('users').set({ phone: '+358401234567' }).where('id', '=', multi.id).execute()
    quiet = await member(t.deps.db, thirdOrg, 'owner')
    await setPrefs(t.deps.db, quiet.id, { email: false })
  })
  afterAll(() => t.close())

  const window = () => ({
    severity: 'critical',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    texts: {
      fi: { title: 'Palvelukatko', body: 'Palvelu on poissa käytöstä.' },
      sv: { title: 'Driftavbrott', body: 'Tjänsten är nere.' },
      en: { title: 'Service outage', body: 'The service is down.' },
    },
  })
  const scope = () => (engine === 'postgres' ? { orgIds: [w.mgmt.id, w.coop.id, w.other.id, thirdOrg] } : {})
  const publish = async () => {
    const res = await client(t.app, adminToken).post('/api/announcements', { ...window(), ...scope() })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  const rowsOf = (id: string) =>
    t.deps.db
      .selectFrom('communication_deliveries as d')
      .innerJoin('communications as c', (j) =>
        j.onRef('c.id', '=', 'd.communication_id').onRef('c.org_id', '=', 'd.org_id'),
      )
      .select(['d.user_id', 'd.channel', 'd.status', 'd.language', 'c.id as sendId', 'c.org_id'])
      .where('c.announcement_id', '=', id)
      .execute()
  const status = async (id: string, token = adminToken) =>
    client(t.app, token).get(`/api/announcements/platform/${id}`)

  it('fans out in bounded steps: one send per organisation, each person once, by preference', async () => {
    const id = await publish()
    // Small steps, so the cursor carries across several transactions. Another test's worker may
    // take a step too (it is the same work under the same lock): we only wait for ours to finish.
    for (let i = 0; i < 500; i++) {
      const step = await fanOutStep(t.deps.db, { id, batch: 3 })
      const a = await t.deps.db
        .selectFrom('announcements')
        .select('fanout_done_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      if (a.fanout_done_at) break
      if (!step) await new Promise((r) => setTimeout(r, 20))
    }
    const rows = await rowsOf(id)
    const of = (userId: string, channel: string) =>
      rows.filter((r) => r.user_id === userId && r.channel === channel)
    // Three organisations, one email and one SMS, in the send of one organisation.
    expect(of(multi.id, 'email')).toHaveLength(1)
    expect(of(multi.id, 'sms')).toHaveLength(1)
    expect(of(multi.id, 'email')[0]?.sendId).toBe(of(multi.id, 'sms')[0]?.sendId)
    // Everyone of these organisations, the managing company's staff included, once; nobody by portal.
    for (const who of [w.ownerA, w.ownerB, w.residentB, w.board, w.otherOwner, w.otherBoard, w.manager])
      expect(of(who.id, 'email')).toHaveLength(1)
    expect(rows.filter((r) => r.channel === 'portal')).toEqual([])
    // Preferences: email off and no SMS asked: nothing; SMS only where asked and a phone is known.
    expect(rows.filter((r) => r.user_id === quiet.id)).toEqual([])
    expect(rows.filter((r) => r.channel === 'sms').map((r) => r.user_id)).toEqual([multi.id])
    // Limited to some organisations (Postgres): nobody outside them.
    if (engine === 'postgres') expect(rows.filter((r) => r.user_id === w.stranger.id)).toEqual([])
    else expect(of(w.stranger.id, 'email')).toHaveLength(1)
    // No (user, channel) twice across the sends.
    const keys = rows.map((r) => `${r.user_id}:${r.channel}`)
    expect(new Set(keys).size).toBe(keys.length)
    // A step after the end does nothing.
    expect(await fanOutStep(t.deps.db, { id })).toBeNull()
    expect((await rowsOf(id)).length).toBe(rows.length)

    // Delivered: the email rows of our sends only, through the channel's own code.
    const deps: ChannelDeps = {
      db: t.deps.db,
      worker: 'platform-test',
      mailer: t.deps.mailer,
      sms: createSmsSender(undefined),
      publicUrl: t.deps.config.publicUrl,
      storeLetters: async () => '',
      readFile: async () => new Uint8Array(),
    }
    for (const sendId of new Set(rows.map((r) => r.sendId))) {
      const claimed = await claimDeliveries(t.deps.db, {
        worker: deps.worker,
        channel: 'email',
        limit: 1000,
        communicationId: sendId,
      })
      if (claimed.length > 0) await deliverEmail(deps, claimed)
    }
    const mails = await t.deps.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', '=', multi.email)
      .where('subject', 'like', '%Palvelukatko%')
      .execute()
    expect(mails).toHaveLength(1)

    // The platform admin sees the counts; the email rows are all sent (whichever worker sent them).
    const res = await status(id)
    expect(res.status).toBe(200)
    const s = (await res.json()) as PlatformAnnouncementStatus
    expect(s.fanout).toBe('done')
    expect(s.sends).toBe(new Set(rows.map((r) => r.sendId)).size)
    expect(s.recipients).toBe(new Set(rows.map((r) => r.user_id)).size)
    const email = s.perChannel.find((c) => c.channel === 'email')?.totals
    expect(email?.sent).toBe(rows.filter((r) => r.channel === 'email').length)
    expect((await client(t.app, adminToken).get('/api/announcements/platform')).status).toBe(200)

    // The organisations' own send lists do not show the platform's share.
    const sends = (await (
      await client(t.app, w.manager.token).get(`/api/communications/${w.coop.id}/sends`)
    ).json()) as {
      sends: Array<{ id: string }>
    }
    expect(sends.sends.map((x) => x.id)).not.toContain(of(w.ownerA.id, 'email')[0]?.sendId)

    // Audited: published and fanned out.
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['announcement.fanout_done', 'announcement.publish'])
  })

  it('a withdrawn one fans out no further', async () => {
    const id = await publish()
    expect((await client(t.app, adminToken).post(`/api/announcements/${id}/withdraw`)).status).toBe(200)
    expect(await fanOutStep(t.deps.db, { id })).toBeNull()
    expect(await rowsOf(id)).toEqual([])
  })

  it('only platform admins: an org admin or a manager cannot send or see it (403/404), another organisation’s user gets 404', async () => {
    const id = await publish()
    const orgAdmin = await member(t.deps.db, w.coop.id, 'org_admin')
    for (const token of [orgAdmin.token, w.manager.token, w.board.token]) {
      expect(
        (await client(t.app, token).post('/api/announcements', { ...window(), ...scope() })).status,
      ).toBe(403)
      expect((await status(id, token)).status).toBe(404)
      expect((await client(t.app, token).get('/api/announcements/platform')).status).toBe(404)
    }
    expect((await status(id, w.stranger.token)).status).toBe(404)
    // An organisation's announcement cannot be widened to other organisations.
    const widened = await client(t.app, w.board.token).post(`/api/announcements/org/${w.coop.id}`, {
      ...window(),
      orgIds: [w.other.id],
    })
    expect(widened.status).toBe(400)
    // The banner of a limited one: only its organisations' people (Postgres run).
    if (engine === 'postgres') {
      const outsider = await member(t.deps.db, (await createOrg(t.deps.db)).id, 'owner')
      const active = (await (
        await client(t.app, outsider.token).get('/api/announcements/active')
      ).json()) as {
        announcements: Array<{ id: string }>
      }
      expect(active.announcements.map((a) => a.id)).not.toContain(id)
      const inside = (await (
        await client(t.app, w.ownerA.token).get('/api/announcements/active')
      ).json()) as {
        announcements: Array<{ id: string }>
      }
      expect(inside.announcements.map((a) => a.id)).toContain(id)
    }
  })
})
