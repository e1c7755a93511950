import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { jsonb } from '../db/json.ts'
import { createLogger } from '../log.ts'
import { createMailer } from '../mail/mailer.ts'
import { ENGINES } from '../test/engines.ts'
import { addMembership, createBuilding, createOrg, createUser } from '../test/factories.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { resolveAudience } from './audience.ts'
import { deliverEmail } from './channelWork.ts'
import { claimDeliveries } from './deliveries.ts'
import { enqueueCommunication } from './enqueue.ts'
import { createSmsSender, type SmsSender } from './sms.ts'
import { createCommunicationsWorker } from './worker.ts'

/**
 * Crash safety of deliveries: a worker that claimed rows and died (or stalled past its lease)
 * never causes a second delivery, and a failed provider is retried and finally marked failed
 * with its reason, never a crash.
 */
describe.each(ENGINES)('communications worker on %s', (engine) => {
  let connected: Connected
  let filesDir: string
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
    filesDir = await mkdtemp(join(tmpdir(), 'comms-'))
  })
  afterAll(() => connected.close())

  async function sendTo(count: number, prefs: Record<string, boolean> = {}, phone: string | null = null) {
    const db = connected.db
    const org = await createOrg(db)
    const { buildingId, apartmentId } = await createBuilding(db, org.id)
    for (let i = 0; i < count; i++) {
      const u = await createUser(db)
      await db
        .updateTable('users')
        .set({
          phone,
          notification_prefs: jsonb({
            announcement: { portal: true, email: true, sms: false, letter: false, ...prefs },
          }),
        })
        .where('id', '=', u.id)
        .execute()
      await addMembership(db, org.id, u.id, 'owner', { buildingId, apartmentId })
    }
    const orgRef = { id: org.id, kind: org.kind, status: org.status, managedBy: null }
    const recipients = await resolveAudience(db, orgRef, { segments: [{ roles: ['owner'] }] })
    const { id } = await db.transaction().execute((trx) =>
      enqueueCommunication(trx, {
        orgId: org.id,
        senderId: null,
        subject: 'Vesikatko',
        body: 'Tiistaina.',
        audience: { segments: [{ roles: ['owner'] }] },
        override: {},
        scheduledAt: new Date(),
        recipients,
      }),
    )
    return { id, orgId: org.id }
  }

  const statuses = async (id: string) =>
    (
      await connected.db
        .selectFrom('communication_deliveries')
        .select(['channel', 'status', 'attempts', 'last_error'])
        .where('communication_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => `${r.channel}:${r.status}`)

  const worker = (name: string, sms: SmsSender = createSmsSender(undefined)) =>
    createCommunicationsWorker({
      db: connected.db,
      mailer: createMailer(undefined),
      sms,
      filesDir,
      publicUrl: 'http://localhost:3000',
      log: createLogger('silent'),
      signal: async () => {},
      pollMs: 0,
      worker: name,
    })

  it('a worker killed between claim and send: another takes the rows after the lease, each mail is written once', async () => {
    const { id } = await sendTo(3)
    const db = connected.db
    // Worker A claims the email rows and dies (never completes).
    const claimed = await claimDeliveries(db, {
      worker: 'dead',
      channel: 'email',
      limit: 10,
      communicationId: id,
    })
    expect(claimed).toHaveLength(3)
    // While the lease holds, nobody else gets them.
    expect(
      await claimDeliveries(db, { worker: 'B', channel: 'email', limit: 10, communicationId: id }),
    ).toHaveLength(0)
    // The lease runs out (moved back in time rather than waiting a minute).
    await db
      .updateTable('communication_deliveries')
      .set({ claimed_at: new Date(Date.now() - 120_000) })
      .where('communication_id', '=', id)
      .execute()
    await worker('B').runOnce()
    // The dead worker wakes up and tries to finish what it claimed: nothing is written twice.
    const late = await deliverEmail(
      {
        db,
        worker: 'dead',
        mailer: createMailer(undefined),
        sms: createSmsSender(undefined),
        publicUrl: '',
        storeLetters: async () => '',
        readFile: async () => new Uint8Array(),
      },
      claimed,
    )
    expect(late).toBe(0)
    expect((await statuses(id)).sort()).toEqual([
      ...Array(3).fill('email:sent'),
      ...Array(3).fill('portal:sent'),
    ])
    const rows = await db
      .selectFrom('communication_deliveries')
      .select(['status', 'attempts'])
      .where('communication_id', '=', id)
      .where('channel', '=', 'email')
      .execute()
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true)
    const addresses = await db
      .selectFrom('communication_deliveries')
      .select('address')
      .where('communication_id', '=', id)
      .where('channel', '=', 'email')
      .execute()
    const mails = await db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where(
        'to_address',
        'in',
        addresses.map((a) => a.address),
      )
      .execute()
    expect(mails).toHaveLength(3)
  })

  it('two workers racing over the same rows deliver each exactly once', async () => {
    const { id } = await sendTo(40)
    await Promise.all([worker('r1').runOnce(), worker('r2').runOnce(), worker('r3').runOnce()])
    const s = await statuses(id)
    expect(s.filter((x) => x === 'email:sent')).toHaveLength(40)
    expect(s.filter((x) => x === 'portal:sent')).toHaveLength(40)
    const addresses = (
      await connected.db
        .selectFrom('communication_deliveries')
        .select('address')
        .where('communication_id', '=', id)
        .where('channel', '=', 'email')
        .execute()
    ).map((a) => a.address)
    const mails = await connected.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('to_address', 'in', addresses)
      .execute()
    expect(mails).toHaveLength(40)
  })

  it('a failing SMS provider: the row is retried with backoff, then failed with the reason; the rest goes on', async () => {
    let calls = 0
    const provider = createServer((req, res) => {
      calls++
      req.resume()
      res.writeHead(503).end('provider down')
    })
    await new Promise<void>((ok) => provider.listen(0, '127.0.0.1', ok))
    const port = (provider.address() as { port: number }).port
    try {
      const { id } = await sendTo(1, { sms: true, email: false }, '040 111 2222')
      const w = worker('sms', createSmsSender(`http://u:p@127.0.0.1:${port}/a1/sms`))
      await w.runOnce()
      let row = await connected.db
        .selectFrom('communication_deliveries')
        .selectAll()
        .where('communication_id', '=', id)
        .where('channel', '=', 'sms')
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('queued')
      expect(row.last_error).toMatch(/503/)
      expect(new Date(row.available_at).getTime()).toBeGreaterThan(Date.now())
      // Run out the attempts (each made due at once instead of waiting for the backoff).
      for (let i = 0; i < 6; i++) {
        await connected.db
          .updateTable('communication_deliveries')
          .set({ available_at: new Date(Date.now() - 1000) })
          .where('id', '=', row.id)
          .execute()
        await w.runOnce()
      }
      row = await connected.db
        .selectFrom('communication_deliveries')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('failed')
      expect(row.attempts).toBe(6)
      expect(calls).toBe(6)
      expect(await statuses(id)).toContain('portal:sent')
    } finally {
      provider.close()
    }
  })

  it('preferences decide the channels: SMS and letter only when asked for and reachable', async () => {
    const { id } = await sendTo(1, { email: false, sms: true, letter: true }, null)
    // No phone: no SMS row; a home: a letter; email off: no mail.
    expect((await statuses(id)).sort()).toEqual(['letter:queued', 'portal:queued'])
    await worker('p').runOnce()
    expect((await statuses(id)).sort()).toEqual(['letter:sent', 'portal:sent'])
  })
})
