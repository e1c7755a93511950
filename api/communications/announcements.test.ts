import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnnouncementView } from '../../schema/communications/api.ts'
import { createUser, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { testWorker } from './testWorker.ts'
import { type CommsWorld, commsWorld } from './testWorld.ts'

const text = (title: string) => ({
  fi: { title: `${title} fi`, body: 'Huoltokatko.' },
  sv: { title: `${title} sv`, body: 'Underhåll.' },
  en: { title: `${title} en`, body: 'Maintenance.' },
})
const window = (severity = 'info') => ({
  severity,
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
})

describe.each(ENGINES)('announcements on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const active = async (token: string) =>
    (
      (await (await client(t.app, token).get('/api/announcements/active')).json()) as {
        announcements: AnnouncementView[]
      }
    ).announcements

  it('a cooperative announcement reaches its members and its managers, not another cooperative', async () => {
    const res = await client(t.app, w.board.token).post(`/api/announcements/org/${w.coop.id}`, {
      ...window('warning'),
      texts: text('Vesikatko'),
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    for (const who of [w.ownerA, w.ownerB, w.manager])
      expect((await active(who.token)).map((a) => a.id)).toContain(id)
    for (const who of [w.otherOwner, w.stranger])
      expect((await active(who.token)).map((a) => a.id)).not.toContain(id)
    // Dismissed for one person only; a stranger cannot even dismiss it (404).
    expect((await client(t.app, w.stranger.token).post(`/api/announcements/${id}/dismiss`)).status).toBe(404)
    expect((await client(t.app, w.ownerA.token).post(`/api/announcements/${id}/dismiss`)).status).toBe(200)
    expect((await active(w.ownerA.token)).find((a) => a.id === id)?.dismissed).toBe(true)
    expect((await active(w.ownerB.token)).find((a) => a.id === id)?.dismissed).toBe(false)
    // Withdrawn by a sender: gone for everyone; an owner may not withdraw.
    expect((await client(t.app, w.ownerB.token).post(`/api/announcements/${id}/withdraw`)).status).toBe(403)
    expect((await client(t.app, w.manager.token).post(`/api/announcements/${id}/withdraw`)).status).toBe(200)
    expect((await active(w.ownerB.token)).map((a) => a.id)).not.toContain(id)
  })

  it('who may publish: not an owner (403), not another cooperative’s board (404), platform-wide only admins', async () => {
    const body = { ...window(), texts: text('x') }
    expect(
      (await client(t.app, w.ownerA.token).post(`/api/announcements/org/${w.coop.id}`, body)).status,
    ).toBe(403)
    expect(
      (await client(t.app, w.otherBoard.token).post(`/api/announcements/org/${w.coop.id}`, body)).status,
    ).toBe(404)
    expect((await client(t.app, w.manager.token).post('/api/announcements', body)).status).toBe(403)
    // Bad windows and missing languages are refused.
    const bad = { ...body, endsAt: new Date(Date.now() - 3_600_000).toISOString() }
    expect((await client(t.app, w.board.token).post(`/api/announcements/org/${w.coop.id}`, bad)).status).toBe(
      422,
    )
    const { sv: _sv, ...twoLanguages } = text('x')
    expect(
      (
        await client(t.app, w.board.token).post(`/api/announcements/org/${w.coop.id}`, {
          ...window(),
          texts: twoLanguages,
        })
      ).status,
    ).toBe(422)
  })

  it('a critical cooperative announcement also goes out by email in each member’s language, once', async () => {
    await t.deps.db.updateTable('users').set({ language: 'sv' }).where('id', '=', w.ownerB.id).execute()
    const res = await client(t.app, w.board.token).post(`/api/announcements/org/${w.coop.id}`, {
      ...window('critical'),
      texts: text('Vattenläcka'),
    })
    expect(res.status).toBe(201)
    const worker = testWorker(t)
    const { id } = (await res.json()) as { id: string }
    // Until this one has been taken (the file's earlier tests may have left older ones), then once more.
    for (let i = 0; i < 100; i++) {
      await worker.runOnce()
      const a = await t.deps.db
        .selectFrom('announcements')
        .select('signalled_at')
        .where('id', '=', id)
        .executeTakeFirst()
      if (a?.signalled_at) break
    }
    // Then until its email rows are out (older rows go first), and once more.
    const queued = async () =>
      (
        await t.deps.db
          .selectFrom('communication_deliveries as d')
          .innerJoin('communications as c', 'c.id', 'd.communication_id')
          .select('d.id')
          .where('c.org_id', '=', w.coop.id)
          .where('c.subject', '=', 'Vattenläcka fi')
          .where('d.status', '=', 'queued')
          .execute()
      ).length
    for (let i = 0; i < 100 && (await queued()) > 0; i++) await worker.runOnce()
    await worker.runOnce()
    const mails = async (to: string) =>
      (
        await t.deps.db
          .selectFrom('mail_outbox')
          .select('subject')
          .where('to_address', '=', to)
          .where('subject', 'like', '%Vattenläcka%')
          .execute()
      ).map((m) => m.subject)
    expect(await mails(w.ownerB.email)).toEqual([expect.stringContaining('Vattenläcka sv')])
    expect(await mails(w.ownerA.email)).toEqual([expect.stringContaining('Vattenläcka fi')])
    // The managing company's staff too; never another cooperative's people.
    expect(await mails(w.manager.email)).toHaveLength(1)
    expect(await mails(w.otherOwner.email)).toEqual([])
    // No portal rows: the banner is the portal.
    const portal = await t.deps.db
      .selectFrom('communication_deliveries as d')
      .innerJoin('communications as c', 'c.id', 'd.communication_id')
      .select('d.id')
      .where('c.subject', '=', 'Vattenläcka fi')
      .where('d.channel', '=', 'portal')
      .execute()
    expect(portal).toEqual([])
  })

  it('a platform-wide critical announcement reaches everyone and cannot be dismissed', async () => {
    const admin = await createUser(t.deps.db, { platformAdmin: true })
    const token = await signIn(t.deps.db, admin.id, true)
    const strangers = await t.deps.db
      .selectFrom('memberships')
      .select('org_id')
      .where('user_id', '=', w.stranger.id)
      .executeTakeFirstOrThrow()
    // Everyone on PGlite; on Postgres limited to this file's organisations, so that `orgIds`
    // is under test too.
    const res = await client(t.app, token).post('/api/announcements', {
      ...window('critical'),
      texts: text('Katko'),
      ...(engine === 'postgres' ? { orgIds: [w.coop.id, w.other.id, w.mgmt.id, strangers.org_id] } : {}),
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    for (const who of [w.ownerA, w.otherOwner, w.stranger])
      expect((await active(who.token)).map((a) => a.id)).toContain(id)
    const dismiss = await client(t.app, w.ownerA.token).post(`/api/announcements/${id}/dismiss`)
    expect(dismiss.status).toBe(400)
    expect((await active(w.ownerA.token)).find((a) => a.id === id)?.dismissed).toBe(false)
  })
})
