import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SendDetail } from '../../schema/communications/api.ts'
import { createSmsSender } from '../../server/communications/sms.ts'
import { smsStatusUrl } from '../../server/communications/smsStatus.ts'
import { createApi } from '../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { testWorker } from './testWorker.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

const SECRET = 'sms-status-test-secret-0123456789'

/**
 * The SMS provider's delivery reports (46elks `whendelivered`): each text asks for one at our
 * address, a report moves a sent row to delivered or failed only when secret, delivery id and the
 * provider's id agree, and the send page's totals show it. The provider is a local HTTP server
 * speaking 46elks' answer (we cannot run theirs); everything of ours is real.
 */
describe.each(ENGINES)('SMS delivery reports on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  let provider: Server
  const posted: URLSearchParams[] = []
  let app: ReturnType<typeof createApi>

  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
    provider = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        posted.push(new URLSearchParams(body))
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ id: `elk-${engine}-${posted.length}`, status: 'created' }))
      })
    })
    await new Promise<void>((ok) => provider.listen(0, '127.0.0.1', ok))
    app = createApi({ ...t.deps, config: { ...t.deps.config, smsStatusSecret: SECRET } })
  })
  afterAll(async () => {
    provider.close()
    await t.close()
  })

  const report = (secret: string, delivery: string, form: Record<string, string>, on = app) =>
    on.request(`/api/sms-status/${secret}?delivery=${delivery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    })

  const smsRows = (communicationId: string) =>
    t.deps.db
      .selectFrom('communication_deliveries')
      .select(['id', 'status', 'provider_ref', 'delivered_at', 'last_error', 'user_id'])
      .where('communication_id', '=', communicationId)
      .where('channel', '=', 'sms')
      .orderBy('id')
      .execute()

  /** A send by `token` to `segments`, delivered by a worker whose texts go to the provider. */
  async function sendBySms(token: string, orgId: string, segments: unknown[]): Promise<string> {
    const res = await client(t.app, token).post(`/api/communications/${orgId}/sends`, {
      subject: 'Vesikatko tiistaina',
      body: 'Vesi on poikki tiistaina klo 9–12.',
      audience: { segments },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const port = (provider.address() as { port: number }).port
    const sms = createSmsSender(`http://u:p@127.0.0.1:${port}/a1/sms`, {
      statusUrl: smsStatusUrl(t.deps.config.publicUrl, SECRET),
    })
    const worker = testWorker(t, sms)
    await worker.runOnce()
    await worker.runOnce()
    return id
  }

  it('asks for a report per text and records delivered and failed; repeats, forgeries and another organisation change nothing', async () => {
    const db = t.deps.db
    for (const u of [w.ownerB, w.residentB, w.otherOwner]) {
      await db.updateTable('users').set({ phone: '040 123 4567' }).where('id', '=', u.id).execute()
      await setPrefs(db, u.id, { sms: true })
    }
    const sendId = await sendBySms(w.manager.token, w.coop.id, [{ buildingIds: [w.B.buildingId] }])
    const rows = await smsRows(sendId)
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent'])
    const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]]
    // Each text asked the provider to report to our address, naming its own delivery.
    const asked = posted.map((p) => p.get('whendelivered'))
    for (const r of rows)
      expect(asked).toContain(`http://localhost:3000/api/sms-status/${SECRET}?delivery=${r.id}`)

    // Another organisation's text: its row, its provider id.
    const otherSend = await sendBySms(w.otherBoard.token, w.other.id, [{ roles: ['owner'] }])
    const [otherRow] = await smsRows(otherSend)
    expect(otherRow?.status).toBe('sent')

    // A wrong secret, or none configured: 404 as for any unknown address, nothing recorded.
    const wrong = await report('not-the-secret-0000000000000', String(first.id), {
      id: String(first.provider_ref),
      status: 'delivered',
    })
    expect(wrong.status).toBe(404)
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const unset = await report(
      SECRET,
      String(first.id),
      { id: String(first.provider_ref), status: 'delivered' },
      t.app,
    )
    expect(unset.status).toBe(404)
    // The right secret with another delivery's provider id (here another organisation's): no change.
    const crossed = await report(SECRET, String(first.id), {
      id: String(otherRow?.provider_ref),
      status: 'delivered',
    })
    expect(crossed.status).toBe(200)
    expect(await crossed.json()).toEqual({ recorded: false })
    const crossedOther = await report(SECRET, String(otherRow?.id), {
      id: String(first.provider_ref),
      status: 'failed',
    })
    expect(await crossedOther.json()).toEqual({ recorded: false })
    expect((await smsRows(sendId)).map((r) => r.status)).toEqual(['sent', 'sent'])
    expect((await smsRows(otherSend))[0]?.status).toBe('sent')
    // Bad input: 422 with the field named.
    const bad = await report(SECRET, String(first.id), { id: String(first.provider_ref), status: 'exploded' })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
    expect((await report(SECRET, 'abc', { id: 'x', status: 'delivered' })).status).toBe(422)

    // The real reports: delivered (with the provider's UTC time, written without a zone) and failed.
    const receivedAt = new Date(Date.now() - 60_000)
    const ok = await report(SECRET, String(first.id), {
      id: String(first.provider_ref),
      status: 'delivered',
      delivered: receivedAt.toISOString().replace('Z', '000'),
    })
    expect(await ok.json()).toEqual({ recorded: true })
    const lost = await report(SECRET, String(second.id), {
      id: String(second.provider_ref),
      status: 'failed',
    })
    expect(await lost.json()).toEqual({ recorded: true })
    // A repeat, or a late "failed" after "delivered", changes nothing.
    expect(
      await (
        await report(SECRET, String(first.id), { id: String(first.provider_ref), status: 'failed' })
      ).json(),
    ).toEqual({ recorded: false })
    const after = await smsRows(sendId)
    expect(after.map((r) => r.status)).toEqual(['delivered', 'failed'])
    expect(new Date(after[0]?.delivered_at as Date).toISOString()).toBe(receivedAt.toISOString())
    expect(after[1]?.last_error).toMatch(/not delivered/)

    // The send page counts them.
    const detail = (await (
      await client(t.app, w.manager.token).get(`/api/communications/${w.coop.id}/sends/${sendId}`)
    ).json()) as SendDetail
    const sms = detail.perChannel.find((p) => p.channel === 'sms')
    expect(sms?.totals.delivered).toBe(1)
    expect(sms?.totals.failed).toBe(1)
  })
})
