import nodemailer from 'nodemailer'
import type { DB } from '../db/connect.ts'
import type { Logger } from '../log.ts'

export interface OutgoingMail {
  to: string
  subject: string
  body: string
  kind: string
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
}

/** `log` hears of every failed SMTP send (the row keeps its error and is tried again, 5 times). */
export function createMailer(smtpUrl: string | undefined, log?: Logger): Mailer {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null
  return {
    async enqueue(db, mail) {
      await db
        .insertInto('mail_outbox')
        .values({ to_address: mail.to, subject: mail.subject, body: mail.body, kind: mail.kind })
        .execute()
    },
    async enqueueMany(db, mails) {
      for (let i = 0; i < mails.length; i += 1000) {
        await db
          .insertInto('mail_outbox')
          .values(
            mails
              .slice(i, i + 1000)
              .map((m) => ({ to_address: m.to, subject: m.subject, body: m.body, kind: m.kind })),
          )
          .execute()
      }
    },
    async flush(db) {
      if (!transport) return 0
      const pending = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('attempts', '<', 5)
        .orderBy('created_at')
        .limit(50)
        .execute()
      let sent = 0
      for (const mail of pending) {
        try {
          await transport.sendMail({ to: mail.to_address, subject: mail.subject, text: mail.body })
          await db.updateTable('mail_outbox').set({ sent_at: new Date() }).where('id', '=', mail.id).execute()
          sent++
        } catch (error) {
          log?.warn('mail.send_failed', {
            mail: mail.id,
            kind: mail.kind,
            attempt: mail.attempts + 1,
            error: String(error).slice(0, 500),
          })
          await db
            .updateTable('mail_outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: String(error).slice(0, 500) }))
            .where('id', '=', mail.id)
            .execute()
        }
      }
      return sent
    },
  }
}
