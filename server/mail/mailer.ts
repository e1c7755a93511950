import type { Transporter } from 'nodemailer'
import type { DB } from '../db/connect.ts'
import type { Logger } from '../log.ts'

export interface OutgoingMail {
  to: string
  subject: string
  body: string
  kind: string
  /** An iCalendar file (an event's invitation, change or cancellation), sent as a calendar part. */
  calendar?: string | null
}

/**
 * Mail is written to the outbox table first (inside the caller's transaction when given one),
 * then delivered by `flush()`: by SMTP when SMTP_URL is set, otherwise it stays in the outbox
 * and the dev mailbox (demo mode) shows it. A crash between the two loses nothing.
 */
export interface Mailer {
  enqueue(db: DB, mail: OutgoingMail): Promise<void>
  /** Many at once, 1,000 rows per statement (a mass communication's round of emails). */
  enqueueMany(db: DB, mails: readonly OutgoingMail[]): Promise<void>
  flush(db: DB): Promise<number>
  /** Closes the SMTP pool's connections (shutdown). */
  close(): void
}

/** Mails taken from the outbox at a time, and how long one flush may go on taking more. */
const BATCH = 200
const FLUSH_BUDGET_MS = 4000

/** nodemailer's own default; SMTP_MAX_CONNECTIONS (config) sets it for the API's mailer. */
const DEFAULT_CONNECTIONS = 5

/**
 * A pooled SMTP transport (`maxConnections` kept-open connections, as many messages each as the
 * server takes) unless the URL says otherwise: one connection per mail cost a TCP and SMTP
 * handshake each, which is what limited a 50,000-person send (bench:communications). A batch is
 * handed to the pool at once, so it goes out over every connection in parallel.
 */
export function pooledUrl(smtpUrl: string, maxConnections = DEFAULT_CONNECTIONS): string {
  const url = new URL(smtpUrl)
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true')
  if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '1000')
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(maxConnections))
  return url.toString()
}

export interface MailerOptions {
  /** SMTP connections to send over at once (SMTP_MAX_CONNECTIONS); the URL's own setting wins. */
  maxConnections?: number
}

/**
 * An ICS as nodemailer's calendar event: a `text/calendar; method=…` alternative, which mail
 * clients offer to add to (or update in, or remove from) the calendar, plus an .ics attachment.
 * The method is the file's own METHOD (REQUEST or CANCEL), so the two can never disagree.
 */
export function calendarPart(ics: string): { method: string; filename: string; content: string } {
  const method = /^METHOD:([A-Z-]+)\r?$/m.exec(ics)?.[1] ?? 'PUBLISH'
  return { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content: ics }
}

/** `log` hears of every failed SMTP send (the row keeps its error and is tried again, 5 times). */
export function createMailer(smtpUrl: string | undefined, log?: Logger, options: MailerOptions = {}): Mailer {
  // nodemailer is loaded and the pool made at the first flush, not when the mailer is made: every
  // process and API test file makes one, and most never send (no SMTP_URL).
  let transport: Promise<Transporter> | null = null
  const connect = (url: string) => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(pooledUrl(url, options.maxConnections)),
    )
    return transport
  }
  // A flush after close() (a periodic tick racing shutdown) must not open a pool nobody closes.
  let closed = false
  return {
    async enqueue(db, mail) {
      await db
        .insertInto('mail_outbox')
        .values({
          to_address: mail.to,
          subject: mail.subject,
          body: mail.body,
          kind: mail.kind,
          calendar: mail.calendar ?? null,
        })
        .execute()
    },
    async enqueueMany(db, mails) {
      for (let i = 0; i < mails.length; i += 1000) {
        await db
          .insertInto('mail_outbox')
          .values(
            mails.slice(i, i + 1000).map((m) => ({
              to_address: m.to,
              subject: m.subject,
              body: m.body,
              kind: m.kind,
              calendar: m.calendar ?? null,
            })),
          )
          .execute()
      }
    },
    /**
     * Sends what is waiting, a batch at a time over the pool's connections at once, and marks
     * the batch's sent mails in one statement; goes on with the next batch while one flush is
     * within its budget, so the periodic job (every 5 s) drains a large send instead of taking
     * 50 mails per tick. Each mail is marked only after the server accepted it, so a crash
     * between the two sends that mail again: at least once, as before.
     */
    async flush(db) {
      if (!smtpUrl || closed) return 0
      const smtp = await connect(smtpUrl)
      const started = Date.now()
      let sent = 0
      for (;;) {
        const pending = await db
          .selectFrom('mail_outbox')
          .selectAll()
          .where('sent_at', 'is', null)
          .where('attempts', '<', 5)
          .orderBy('created_at')
          .orderBy('id')
          .limit(BATCH)
          .execute()
        if (pending.length === 0) break
        const results = await Promise.allSettled(
          pending.map((mail) =>
            smtp.sendMail({
              to: mail.to_address,
              subject: mail.subject,
              text: mail.body,
              ...(mail.calendar ? { icalEvent: calendarPart(mail.calendar) } : {}),
            }),
          ),
        )
        const ok = pending.filter((_, i) => results[i]?.status === 'fulfilled').map((m) => m.id)
        if (ok.length > 0)
          await db.updateTable('mail_outbox').set({ sent_at: new Date() }).where('id', 'in', ok).execute()
        sent += ok.length
        for (const [i, result] of results.entries()) {
          if (result.status !== 'rejected') continue
          const mail = pending[i]!
          const error = String(result.reason).slice(0, 500)
          log?.warn('mail.send_failed', { mail: mail.id, kind: mail.kind, attempt: mail.attempts + 1, error })
          await db
            .updateTable('mail_outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error }))
            .where('id', '=', mail.id)
            .execute()
        }
        // A batch that failed entirely (the server is down) waits for the next tick.
        if (pending.length < BATCH || ok.length === 0 || Date.now() - started > FLUSH_BUDGET_MS) break
      }
      return sent
    },
    close() {
      closed = true
      void transport?.then((smtp) => smtp.close())
    },
  }
}
