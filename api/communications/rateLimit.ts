import { sql } from 'kysely'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { weightedWait } from '../../server/limits/slidingWindow.ts'

/**
 * A sender may reach at most `perHour` recipients with mass communications in any sliding hour
 * (COMMUNICATIONS_RECIPIENTS_PER_HOUR), so a stolen staff account cannot message thousands over
 * and over. On the one sliding-window limiter (server/limits/slidingWindow.ts), weighted: the
 * events are the sender's own communications, each weighing its recipients (a cancelled one
 * frees its share). The per-sender lock is held to the end of the caller's transaction, in which
 * the caller writes its communication, so parallel requests and several API processes cannot
 * slip past. The wait is at least a minute: the message words it in minutes.
 */
export async function checkSendRate(trx: DB, senderId: string, recipients: number, perHour: number) {
  const { used, wait } = await weightedWait(
    trx,
    {
      lock: 'communications',
      max: perHour,
      windowMs: 3_600_000,
      events: (sender) => sql`
        SELECT created_at, recipient_count FROM communications
        WHERE sender_id = ${sender} AND cancelled_at IS NULL`,
    },
    senderId,
    recipients,
  )
  if (wait === null) return
  const retryAfter = Math.max(60, wait)
  throw new AppError(
    'rate_limited',
    `You may reach at most ${perHour} recipients per hour; ${Math.max(0, perHour - used)} are left and this message has ${recipients}. Try again in ${Math.ceil(retryAfter / 60)} minutes, or ask an administrator to raise the limit.`,
    { retryAfter, details: { perHour, used, recipients } },
  )
}
