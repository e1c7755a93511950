import type { DB } from '../db/connect.ts'

/**
 * Sending a text message, behind one interface so the provider can change. With `SMS_URL` set the
 * HTTP provider is used: the 46elks API (`https://<user>:<password>@api.46elks.com/a1/sms`, form
 * fields from/to/message, JSON answer with the message id). Without it the dev sink writes the
 * text into the mail outbox as an already-sent row of kind `sms`, so the demo's dev mailbox shows
 * it and SMTP never picks it up.
 *
 * Delivery reports: given `statusUrl`, each message asks the provider to report its fate there
 * (46elks' `whendelivered`: a form POST with its id and `status` delivered or failed), with our
 * delivery id in the address; `smsStatus.ts` records it.
 */
export interface SmsMessage {
  to: string
  text: string
  /** Our delivery id: the provider's reference, so a message can be traced both ways. */
  reference: string
}
export interface SmsSender {
  readonly kind: 'http' | 'dev'
  /** Resolves with the provider's id; throws with a reason the delivery row keeps. */
  send(db: DB, message: SmsMessage): Promise<string>
}

export function createSmsSender(
  smsUrl: string | undefined,
  opts: { from?: string; statusUrl?: (reference: string) => string } = {},
): SmsSender {
  const from = opts.from ?? 'Kotipiha'
  if (!smsUrl) return devSink
  const url = new URL(smsUrl)
  const auth = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined
  url.username = ''
  url.password = ''
  return {
    kind: 'http',
    async send(_db, message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(auth ? { authorization: auth } : {}),
        },
        body: new URLSearchParams({
          from,
          to: normalisePhone(message.to),
          message: message.text,
          ...(opts.statusUrl ? { whendelivered: opts.statusUrl(message.reference) } : {}),
        }),
        signal: AbortSignal.timeout(10_000),
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`SMS provider answered ${res.status}: ${text.slice(0, 200)}`)
      try {
        const id = (JSON.parse(text) as { id?: unknown }).id
        return typeof id === 'string' ? id : message.reference
      } catch {
        return message.reference
      }
    },
  }
}

const devSink: SmsSender = {
  kind: 'dev',
  async send(db, message) {
    await db
      .insertInto('mail_outbox')
      .values({
        to_address: message.to,
        subject: `SMS ${message.reference}`,
        body: message.text,
        kind: 'sms',
        sent_at: new Date(),
      })
      .execute()
    return `dev-${message.reference}`
  },
}

/** "+358 40 000 0000" or "040 000 0000" → "+358400000000" (E.164, Finland by default). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '')
  if (digits.startsWith('+')) return digits
  if (digits.startsWith('00')) return `+${digits.slice(2)}`
  if (digits.startsWith('0')) return `+358${digits.slice(1)}`
  return `+${digits}`
}
