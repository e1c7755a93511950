import { sql } from 'kysely'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

const HOUR_MS = 3_600_000

/**
 * A sender may reach at most `perHour` recipients with mass communications in any sliding hour
 * (COMMUNICATIONS_RECIPIENTS_PER_HOUR), so a stolen staff account cannot message thousands over
 * and over. Counted from the sender's own sends, under a per-sender advisory lock held to the end
 * of the caller's transaction, so parallel requests and several API processes cannot slip past.
 */
export async function checkSendRate(trx: DB, senderId: string, recipients: number, perHour: number) {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`communications:${senderId}`}, 0))`.execute(trx)
  const row = await trx
    .selectFrom('communications')
    .select([
      sql<string>`coalesce(sum(recipient_count), 0)`.as('used'),
      sql<Date | null>`min(created_at)`.as('oldest'),
    ])
    .where('sender_id', '=', senderId)
    .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
    .where('cancelled_at', 'is', null)
    .executeTakeFirstOrThrow()
  const used = Number(row.used)
  if (used + recipients <= perHour) return
  const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now()
  const retryAfter = Math.max(60, Math.ceil((oldest + HOUR_MS - Date.now()) / 1000))
  throw new AppError(
    'rate_limited',
    `You may reach at most ${perHour} recipients per hour; ${Math.max(0, perHour - used)} are left and this message has ${recipients}. Try again in ${Math.ceil(retryAfter / 60)} minutes, or ask an administrator to raise the limit.`,
    { retryAfter, details: { perHour, used, recipients } },
  )
}
