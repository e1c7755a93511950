import { sql } from 'kysely'
import type { DB } from '../db/connect.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { ClaimedDelivery } from './deliveries.ts'
import { failDelivery, markSent } from './deliveries.ts'
import { renderLetterBatch } from './letters.ts'
import { filesOfSends, type SendFile, sizeText } from './sendFiles.ts'
import type { SmsSender } from './sms.ts'
import { textsFor } from './texts.ts'

/**
 * What each channel does with the rows a worker claimed. Portal, email, the dev SMS sink and
 * letters are writes to our own database, made in the transaction that marks the rows sent
 * (`markSent` only marks rows this worker still holds), so each is delivered exactly once. An SMS
 * through the HTTP provider cannot share our transaction: a crash after the provider accepted it
 * and before the row is marked sends it again when the lease runs out (at least once).
 */
export interface ChannelDeps {
  db: DB
  worker: string
  mailer: Mailer
  sms: SmsSender
  publicUrl: string
  storeLetters: (orgId: string, name: string, pdf: Buffer) => Promise<string>
  /** A stored file's bytes (a send's PDF attachment, printed after each letter). */
  readFile: (sha256: string) => Promise<Uint8Array>
}

interface Message {
  id: string
  subject: string
  body: string
  orgName: string
  texts: Record<string, { title: string; body: string }> | null
  calendar: string | null
  files: SendFile[]
}

/** Subject and body in the recipient's language when the message has per-language texts. */
const textOf = (m: Message, language: string) => {
  const own = m.texts?.[language] ?? m.texts?.fi
  return own ? { subject: own.title, body: own.body } : { subject: m.subject, body: m.body }
}

async function messagesOf(db: DB, rows: readonly ClaimedDelivery[]): Promise<Map<string, Message>> {
  const ids = [...new Set(rows.map((r) => r.communicationId))]
  if (ids.length === 0) return new Map()
  const found = await db
    .selectFrom('communications as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.subject', 'c.body', 'c.texts', 'c.calendar', 'o.name as orgName'])
    .where('c.id', 'in', ids)
    .execute()
  const files = await filesOfSends(db, ids)
  return new Map(found.map((m) => [m.id, { ...m, files: files.get(m.id) ?? [] }]))
}

/**
 * The email names the send's files and links to the portal, where its recipients (only they,
 * signed in) download them. Never the files themselves: a 50,000-person send would carry each
 * one 50,000 times through SMTP, and a forwarded mail would carry the notice to anyone.
 */
function emailBody(m: Message, body: string, language: string, publicUrl: string): string {
  const t = textsFor(language)
  const files = m.files.map((f) => `- ${f.name} (${sizeText(f.size)})`).join('\n')
  const listed = files ? `\n\n${t.emailAttachments}\n${files}` : ''
  return `${body}${listed}\n\n${t.portalHint} ${publicUrl}/messages\n`
}

export async function deliverPortal(d: ChannelDeps, rows: readonly ClaimedDelivery[]): Promise<string[]> {
  const marked = new Set(
    await markSent(
      d.db,
      d.worker,
      rows.map((r) => r.id),
    ),
  )
  return [...new Set(rows.filter((r) => marked.has(r.id)).map((r) => r.userId))]
}

export async function deliverEmail(d: ChannelDeps, rows: readonly ClaimedDelivery[]): Promise<number> {
  const messages = await messagesOf(d.db, rows)
  return d.db.transaction().execute(async (trx) => {
    const marked = new Set(
      await markSent(
        trx,
        d.worker,
        rows.map((r) => r.id),
      ),
    )
    // One statement per 1,000 mails, not one per mail: a 50,000-recipient send is 50 inserts.
    const mails = rows.flatMap((r) => {
      const m = messages.get(r.communicationId)
      if (!marked.has(r.id) || !m) return []
      const text = textOf(m, r.language)
      return [
        {
          to: r.address,
          // Plain-text mail: the subject is never markup, whatever it contains.
          subject: `${m.orgName}: ${text.subject}`.replace(/[\r\n]+/g, ' ').slice(0, 250),
          body: emailBody(m, text.body, r.language, d.publicUrl),
          kind: 'communication',
          // An event's notice: the event as ICS, so the recipient's calendar follows it.
          calendar: m.calendar,
        },
      ]
    })
    await d.mailer.enqueueMany(trx, mails)
    return marked.size
  })
}

export async function deliverSms(d: ChannelDeps, rows: readonly ClaimedDelivery[]): Promise<number> {
  const messages = await messagesOf(d.db, rows)
  let sent = 0
  for (const r of rows) {
    const m = messages.get(r.communicationId)
    if (!m) continue
    const own = textOf(m, r.language)
    const text = `${m.orgName}: ${own.subject}\n${own.body}`.slice(0, 918)
    try {
      if (d.sms.kind === 'dev') {
        sent += await d.db.transaction().execute(async (trx) => {
          const marked = await markSent(trx, d.worker, [r.id])
          if (marked.length === 1) await d.sms.send(trx, { to: r.address, text, reference: r.id })
          return marked.length
        })
      } else {
        const ref = await d.sms.send(d.db, { to: r.address, text, reference: r.id })
        sent += (await markSent(d.db, d.worker, [r.id], () => ref)).length
      }
    } catch (error) {
      await failDelivery(d.db, d.worker, r, String(error))
    }
  }
  return sent
}

/** All claimed letters of one send become one PDF batch, stored as a file of the organisation. */
export async function deliverLetters(d: ChannelDeps, rows: readonly ClaimedDelivery[]): Promise<number> {
  const first = rows[0]
  if (!first) return 0
  const m = (await messagesOf(d.db, rows)).get(first.communicationId)
  if (!m) return 0
  const { pdf, pages } = await renderLetterBatch({
    sender: m.orgName,
    subject: m.subject,
    body: m.body,
    date: new Date(),
    letters: rows.map((r) => ({ address: r.address.split('\n'), language: r.language })),
    attachments: await Promise.all(
      m.files.map(async (f) => ({
        name: f.name,
        pdf: f.mime === 'application/pdf' ? await d.readFile(f.sha256) : null,
      })),
    ),
  })
  const fileId = await d.storeLetters(first.orgId, `letters-${first.communicationId}.pdf`, pdf)
  return d.db.transaction().execute(async (trx) => {
    const marked = await markSent(
      trx,
      d.worker,
      rows.map((r) => r.id),
    )
    if (marked.length > 0) {
      await trx
        .updateTable('communications')
        .set({ letter_file_id: fileId, letter_pages: pages })
        .where('id', '=', first.communicationId)
        .execute()
    }
    return marked.length
  })
}

/** Sends with letters due, oldest first: each is claimed and printed as one batch. */
export async function sendsWithLettersDue(db: DB, limit: number): Promise<string[]> {
  const rows = await sql<{ communication_id: string }>`
    SELECT DISTINCT communication_id FROM communication_deliveries
    WHERE status = 'queued' AND channel = 'letter' AND available_at <= now()
      AND (claimed_at IS NULL OR claimed_at < now() - interval '60 seconds')
    LIMIT ${limit}`.execute(db)
  return rows.rows.map((r) => r.communication_id)
}
