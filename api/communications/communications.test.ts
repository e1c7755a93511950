import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxMessage, PreviewResult, SendDetail } from '../../schema/communications/api.ts'
import { createSmsSender } from '../../server/communications/sms.ts'
import { createCommunicationsWorker } from '../../server/communications/worker.ts'
import { createLogger } from '../../server/log.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

const water = (segments: unknown[]) => ({
  subject: 'Vesikatko tiistaina',
  body: 'Vesi on poikki tiistaina klo 9–12.',
  audience: { segments },
})

describe.each(ENGINES)('communications API on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const worker = () =>
    createCommunicationsWorker({
      db: t.deps.db,
      mailer: t.deps.mailer,
      sms: createSmsSender(undefined),
      filesDir: t.deps.config.filesDir,
      publicUrl: t.deps.config.publicUrl,
      log: createLogger('silent'),
      signal: async () => {},
      pollMs: 0,
    })

  it('resolves building + role targeting: owners of B only, and the staff roles through the managing company', async () => {
    const manager = client(t.app, w.manager.token)
    const preview = async (segments: unknown[]) => {
      const res = await manager.post(`/api/communications/${w.coop.id}/preview`, { audience: { segments } })
      expect(res.status).toBe(200)
      return (await res.json()) as PreviewResult
    }
    expect((await preview([{ roles: ['owner'], buildingIds: [w.B.buildingId] }])).recipients).toBe(1)
    // Everyone living in B (owner, resident, board member in B 2).
    expect((await preview([{ buildingIds: [w.B.buildingId] }])).recipients).toBe(3)
    expect((await preview([{ staircaseIds: [w.A.staircaseId] }])).recipients).toBe(1)
    expect((await preview([{ apartmentIds: [w.B.apt2] }])).recipients).toBe(2)
    // "Managers and accountants plus all owners of B": the union of two segments.
    const union = await preview([
      { roles: ['property_manager', 'accountant'] },
      { roles: ['owner'], buildingIds: [w.B.buildingId] },
    ])
    expect(union.recipients).toBe(3)
    // Another cooperative's building id reaches nobody here.
    expect((await preview([{ buildingIds: [w.K.buildingId] }])).recipients).toBe(0)
  })

  it('who may send: the board and the manager; not an owner, auditor or accountant (403); another cooperative 404', async () => {
    const body = water([{ roles: ['owner'] }])
    expect(
      (await client(t.app, w.board.token).post(`/api/communications/${w.coop.id}/preview`, body)).status,
    ).toBe(422)
    for (const who of [w.ownerA, w.auditor, w.accountant]) {
      const res = await client(t.app, who.token).post(`/api/communications/${w.coop.id}/sends`, body)
      expect(res.status).toBe(403)
      // Nor do they see the counts (the preview is counted in SQL over the whole organisation).
      const preview = await client(t.app, who.token).post(`/api/communications/${w.coop.id}/preview`, {
        audience: body.audience,
      })
      expect(preview.status).toBe(403)
      expect(await preview.json()).not.toHaveProperty('recipients')
    }
    // A board member of this cooperative cannot target the other one, nor read its sends.
    for (const [path, payload] of [
      ['sends', body],
      ['preview', { audience: body.audience }],
    ] as const) {
      const res = await client(t.app, w.board.token).post(
        `/api/communications/${w.other.id}/${path}`,
        payload,
      )
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect(
      (await client(t.app, w.otherBoard.token).get(`/api/communications/${w.coop.id}/sends`)).status,
    ).toBe(404)
    expect((await client(t.app, w.stranger.token).get(`/api/communications/${w.coop.id}/sends`)).status).toBe(
      404,
    )
  })

  it('rejects bad input: empty audience, oversize subject, unknown fields, forged ids', async () => {
    const manager = client(t.app, w.manager.token)
    const url = `/api/communications/${w.coop.id}/sends`
    expect((await manager.post(url, { ...water([]) })).status).toBe(422)
    expect((await manager.post(url, { ...water([{}]), subject: 'x'.repeat(201) })).status).toBe(422)
    expect((await manager.post(url, { ...water([{}]), extra: 1 })).status).toBe(422)
    expect((await manager.post(url, water([{ buildingIds: ['not-a-uuid'] }]))).status).toBe(422)
    expect((await manager.post(url, water([{ roles: ['king'] }]))).status).toBe(422)
    expect((await manager.get(`/api/communications/${w.coop.id}/sends/${crypto.randomUUID()}`)).status).toBe(
      404,
    )
    expect((await manager.post('/api/communications/mine/abc/read')).status).toBe(422)
  })

  it('sends to owners of B: queued, then sent by the worker; B sees it, A does not; the subject stays text', async () => {
    const manager = client(t.app, w.manager.token)
    await setPrefs(t.deps.db, w.ownerB.id, { email: true, sms: true, letter: true })
    await t.deps.db
      .updateTable('users')
      .set({ phone: '040 123 4567' })
      .where('id', '=', w.ownerB.id)
      .execute()
    const subject = '<b>Vesikatko</b> & <script>alert(1)</script>'
    const res = await manager.post(`/api/communications/${w.coop.id}/sends`, {
      ...water([{ roles: ['owner'], buildingIds: [w.B.buildingId] }]),
      subject,
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const detail = async () =>
      (await (await manager.get(`/api/communications/${w.coop.id}/sends/${id}`)).json()) as SendDetail
    const before = await detail()
    expect(before.totals.queued).toBe(4)
    expect(before.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'letter', 'portal', 'sms'])
    // Not visible before the worker delivered it.
    const mineB = async () =>
      (
        (await (await client(t.app, w.ownerB.token).get('/api/communications/mine')).json()) as {
          messages: InboxMessage[]
        }
      ).messages
    expect((await mineB()).some((m) => m.communicationId === id)).toBe(false)

    const wk = worker()
    await wk.runOnce()
    const after = await detail()
    expect(after.totals.queued).toBe(0)
    expect(after.totals.sent).toBe(4)
    expect(after.letterPages).toBe(1)
    const mine = (await mineB()).find((m) => m.communicationId === id)
    expect(mine?.subject).toBe(subject)
    const mineA = (await (await client(t.app, w.ownerA.token).get('/api/communications/mine')).json()) as {
      messages: InboxMessage[]
    }
    expect(mineA.messages.some((m) => m.communicationId === id)).toBe(false)
    // Mail went to the outbox once, as plain text; the dev SMS sink shows the text message.
    const mails = await t.deps.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject', 'kind'])
      .where('to_address', 'in', [w.ownerB.email])
      .where('kind', '=', 'communication')
      .execute()
    expect(mails).toHaveLength(1)
    expect(mails[0]?.subject).toContain(subject)
    // Marking read: only one's own message.
    expect(
      (await client(t.app, w.ownerA.token).post(`/api/communications/mine/${mine!.deliveryId}/read`)).status,
    ).toBe(404)
    expect(
      (await client(t.app, w.ownerB.token).post(`/api/communications/mine/${mine!.deliveryId}/read`)).status,
    ).toBe(200)
    expect((await detail()).totals.read).toBe(1)
    // The letter batch downloads as a PDF attachment, for senders only.
    const pdf = await manager.get(`/api/communications/${w.coop.id}/sends/${id}/letters.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    expect(
      (await client(t.app, w.ownerB.token).get(`/api/communications/${w.coop.id}/sends/${id}/letters.pdf`))
        .status,
    ).toBe(403)
    // Audited.
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .execute()
    expect(audit.map((a) => a.action)).toContain('communication.send')
  })

  it('reports who cannot be reached, and a letter to those without email when asked', async () => {
    await setPrefs(t.deps.db, w.residentB.id, { email: false, sms: true })
    const res = await client(t.app, w.manager.token).post(`/api/communications/${w.coop.id}/preview`, {
      audience: { segments: [{ roles: ['resident'], buildingIds: [w.B.buildingId] }] },
      override: { letterWithoutEmail: true },
    })
    const p = (await res.json()) as PreviewResult
    expect(p.recipients).toBe(1)
    // No phone number: SMS unreachable; no email wanted: a letter to the home in B 2.
    expect(p.unreachable).toEqual([{ userId: w.residentB.id, name: w.residentB.name, channel: 'sms' }])
    expect(p.unreachableCount).toBe(1)
    expect(p.perChannel.find((c) => c.channel === 'letter')?.recipients).toBe(1)
    expect(p.perChannel.find((c) => c.channel === 'email')?.recipients).toBe(0)
  })

  it('schedules for later and cancels before anything went out', async () => {
    const manager = client(t.app, w.manager.token)
    const res = await manager.post(`/api/communications/${w.coop.id}/sends`, {
      ...water([{ roles: ['owner'] }]),
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const { id } = (await res.json()) as { id: string }
    await worker().runOnce()
    const queued = (await (
      await manager.get(`/api/communications/${w.coop.id}/sends/${id}`)
    ).json()) as SendDetail
    expect(queued.totals.sent).toBe(0)
    expect(queued.canCancel).toBe(true)
    // The board of another cooperative cannot cancel it.
    expect(
      (await client(t.app, w.otherBoard.token).post(`/api/communications/${w.coop.id}/sends/${id}/cancel`))
        .status,
    ).toBe(404)
    const cancel = await manager.post(`/api/communications/${w.coop.id}/sends/${id}/cancel`)
    expect(((await cancel.json()) as { cancelled: number }).cancelled).toBeGreaterThan(0)
    const after = (await (
      await manager.get(`/api/communications/${w.coop.id}/sends/${id}`)
    ).json()) as SendDetail
    expect(after.totals.queued).toBe(0)
    expect(after.canCancel).toBe(false)
  })

  it('limits how many recipients one sender reaches per hour, with a clear error', async () => {
    const limited = { ...t.deps, config: { ...t.deps.config, communicationsRecipientsPerHour: 3 } }
    const { createApi } = await import('../app.ts')
    const app = createApi(limited)
    const board = client(app, w.board.token)
    const all = water([{ buildingIds: [w.B.buildingId] }])
    expect((await board.post(`/api/communications/${w.coop.id}/sends`, all)).status).toBe(201)
    const res = await board.post(`/api/communications/${w.coop.id}/sends`, all)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.message).toMatch(/at most 3 recipients per hour/)
  })
})
