import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { createMailer } from './mailer.ts'

/**
 * The mailer speaking SMTP to a local server (smtp-server, loopback): a large outbox drains in one
 * flush over a few pooled connections, each mail once; a refused mail keeps its error and is tried
 * again without resending the others.
 *
 * PGlite only, on purpose: a flush takes every waiting mail of its database, which on the shared
 * Postgres would be other test files' mail (sent to this sink and marked sent under their feet).
 */
describe('mailer over SMTP on pglite', () => {
  let connected: Connected
  let server: SMTPServer
  let url: string
  const received: string[] = []
  const raw = new Map<string, string>()
  let connections = 0
  let open = 0
  let peak = 0
  beforeAll(async () => {
    connected = await connectTestDatabase('pglite')
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections++
        open++
        peak = Math.max(peak, open)
        callback()
      },
      onClose() {
        open--
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('refused-')) callback(new Error('550 No such mailbox'))
        else callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          for (const r of session.envelope.rcptTo) {
            received.push(r.address)
            raw.set(r.address, Buffer.concat(chunks).toString('utf8'))
          }
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await connected.close()
  })

  it('drains 450 waiting mails in large flushes over pooled connections, each once, and marks them sent', async () => {
    const db = connected.db
    const mailer = createMailer(url)
    const tag = crypto.randomUUID().slice(0, 8)
    await mailer.enqueueMany(
      db,
      Array.from({ length: 450 }, (_, i) => ({
        to: `bulk-${tag}-${i}@example.com`,
        subject: 'Vesikatko tiistaina',
        body: 'Vesi on poikki.',
        kind: 'communication',
      })),
    )
    const before = connections
    // One flush takes batch after batch while within its budget (a loaded machine may stop it early).
    let total = await mailer.flush(db)
    expect(total).toBeGreaterThan(50)
    for (;;) {
      const n = await mailer.flush(db)
      if (n === 0) break
      total += n
    }
    expect(total).toBe(450)
    const mine = received.filter((a) => a.startsWith(`bulk-${tag}-`))
    expect(mine).toHaveLength(450)
    expect(new Set(mine).size).toBe(450)
    // A handful of kept-open connections, not one per mail.
    expect(connections - before).toBeLessThanOrEqual(10)
    const waiting = await db.selectFrom('mail_outbox').select('id').where('sent_at', 'is', null).execute()
    expect(waiting).toHaveLength(0)
    expect(await mailer.flush(db)).toBe(0)
    mailer.close()
  })

  it('sends over SMTP_MAX_CONNECTIONS connections at once: 1 is one at a time, 6 opens up to 6', async () => {
    const db = connected.db
    // Earlier tests' pools close behind their close(); count from none open.
    const settle = async () => {
      for (let i = 0; i < 150 && open > 0; i++) await new Promise((r) => setTimeout(r, 20))
      expect(open).toBe(0)
    }
    const peakWith = async (maxConnections: number) => {
      await settle()
      const mailer = createMailer(url, undefined, { maxConnections })
      const tag = crypto.randomUUID().slice(0, 8)
      await mailer.enqueueMany(
        db,
        Array.from({ length: 120 }, (_, i) => ({
          to: `pool-${tag}-${i}@example.com`,
          subject: 'Yhtiökokous',
          body: 'Kutsu.',
          kind: 'communication',
        })),
      )
      peak = open
      while ((await mailer.flush(db)) > 0) {}
      expect(new Set(received.filter((a) => a.startsWith(`pool-${tag}-`))).size).toBe(120)
      mailer.close()
      return peak
    }
    expect(await peakWith(1)).toBe(1)
    const six = await peakWith(6)
    expect(six).toBeGreaterThan(1)
    expect(six).toBeLessThanOrEqual(6)
  })

  it('a refused mail keeps its error and is tried again; the accepted ones are not sent twice', async () => {
    const db = connected.db
    const mailer = createMailer(url)
    const tag = crypto.randomUUID().slice(0, 8)
    await mailer.enqueueMany(db, [
      { to: `ok-${tag}@example.com`, subject: 'A', body: 'a', kind: 'test' },
      { to: `refused-${tag}@example.com`, subject: 'B', body: 'b', kind: 'test' },
    ])
    expect(await mailer.flush(db)).toBe(1)
    expect(await mailer.flush(db)).toBe(0)
    const refused = await db
      .selectFrom('mail_outbox')
      .select(['attempts', 'last_error', 'sent_at'])
      .where('to_address', '=', `refused-${tag}@example.com`)
      .executeTakeFirstOrThrow()
    expect(refused).toMatchObject({ attempts: 2, sent_at: null })
    expect(refused.last_error).toMatch(/No such mailbox/)
    expect(received.filter((a) => a === `ok-${tag}@example.com`)).toHaveLength(1)
    mailer.close()
  })
  it("an event's ICS goes as a text/calendar part with the file's METHOD, and as an .ics attachment", async () => {
    const db = connected.db
    const mailer = createMailer(url)
    const tag = crypto.randomUUID().slice(0, 8)
    const ics = (method: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        `METHOD:${method}`,
        'BEGIN:VEVENT',
        `UID:event-${tag}@kotipiha`,
        'SEQUENCE:1',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n')
    await mailer.enqueueMany(db, [
      {
        to: `invite-${tag}@example.com`,
        subject: 'Kutsu',
        body: 'a',
        kind: 'communication',
        calendar: ics('REQUEST'),
      },
      {
        to: `cancel-${tag}@example.com`,
        subject: 'Peruttu',
        body: 'b',
        kind: 'communication',
        calendar: ics('CANCEL'),
      },
      { to: `plain-${tag}@example.com`, subject: 'Tiedote', body: 'c', kind: 'communication' },
    ])
    while ((await mailer.flush(db)) > 0) {}
    const invite = raw.get(`invite-${tag}@example.com`)!
    expect(invite).toMatch(/Content-Type: text\/calendar;[\s\S]{0,40}method=REQUEST/)
    expect(invite).toMatch(/Content-Type: application\/ics;[\s\S]{0,20}name=invite\.ics/)
    expect(raw.get(`cancel-${tag}@example.com`)).toMatch(/text\/calendar;[\s\S]{0,40}method=CANCEL/)
    expect(raw.get(`plain-${tag}@example.com`)).not.toMatch(/text\/calendar/)
    mailer.close()
  })
})
