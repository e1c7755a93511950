import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { DB } from '../../server/db/connect.ts'
import { createMailer } from '../../server/mail/mailer.ts'

/**
 * A local SMTP sink: accepts every message and counts it (no TLS, no auth: loopback only). The
 * email leg ends here, so the figure includes the mailer's SMTP conversation but no remote server.
 */
export async function smtpSink(addressPrefix: string, latencyMs = 0) {
  let received = 0
  // A remote server answers each command after a round trip: `latencyMs` before MAIL FROM, RCPT TO
  // and the end of DATA are answered (0: loopback at full speed).
  const later = (callback: () => void) => (latencyMs > 0 ? setTimeout(callback, latencyMs) : callback())
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      later(() => callback())
    },
    onRcptTo(_address, _session, callback) {
      later(() => callback())
    },
    onData(stream, session, callback) {
      stream.on('end', () => {
        // Only this run's people count (a database that is not empty may hold older mail).
        if (session.envelope.rcptTo.some((r) => r.address.startsWith(addressPrefix))) received++
        later(() => callback())
      })
      stream.resume()
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * The mail flush's rate on its own: `mails` waiting mails flushed to a fresh sink until all have
 * arrived, once per connection count (SMTP_MAX_CONNECTIONS) and per answer latency of the sink
 * (a remote server's round trip, where more connections pay off). Mails an earlier phase left waiting
 * for this run are marked sent first (`leftovers`: their address prefix), so only these count.
 */
export async function smtpRates(
  db: DB,
  opts: {
    tag: string
    mails: number
    connections: readonly number[]
    latenciesMs: readonly number[]
    leftovers: string
  },
): Promise<Array<{ connections: number; latencyMs: number; ms: number; perSecond: number }>> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: new Date() })
    .where('sent_at', 'is', null)
    .where('to_address', 'like', `${opts.leftovers}%`)
    .execute()
  const rates = []
  for (const latencyMs of opts.latenciesMs)
    for (const connections of opts.connections) {
      rates.push({ connections, latencyMs, ...(await rateOf(db, opts, connections, latencyMs)) })
    }
  return rates
}

async function rateOf(db: DB, opts: { tag: string; mails: number }, connections: number, latencyMs: number) {
  const prefix = `rate-${opts.tag}-${latencyMs}-${connections}-`
  const sink = await smtpSink(prefix, latencyMs)
  const mailer = createMailer(sink.url, undefined, { maxConnections: connections })
  await mailer.enqueueMany(
    db,
    Array.from({ length: opts.mails }, (_, i) => ({
      to: `${prefix}${i}@example.com`,
      subject: 'As Oy Bench: Vesikatko tiistaina',
      body: 'Vesi on poikki tiistaina klo 9–12.\n\nViesti on myös Kotipihassa: http://localhost:3000/messages\n',
      kind: 'communication',
    })),
  )
  const t0 = performance.now()
  let idle = 0
  while (sink.received() < opts.mails && idle < 500) {
    const sent = await mailer.flush(db)
    idle = sent === 0 ? idle + 1 : 0
    if (sent === 0) await new Promise((r) => setTimeout(r, 20))
  }
  const ms = sink.received() < opts.mails ? Number.NaN : performance.now() - t0
  mailer.close()
  await sink.close()
  return { ms, perSecond: (opts.mails / ms) * 1000 }
}
