import { sql } from 'kysely'
import type { Config } from '../../schema/config.ts'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Upload throttle: at most `max` uploads per user within a sliding window (UPLOAD_RATE_LIMIT per
 * UPLOAD_RATE_WINDOW_MINUTES, default 60 per 10 minutes), over every upload route together
 * (attachments, documents and their versions, partner materials). Counted in Postgres, like the
 * login throttle, so it holds across API processes. An upload takes its slot before its first
 * byte is read: a refused one (too large, wrong type) still counts, a 429 does not, and a 429
 * stores nothing. Times are the database's, so API clocks that drift do not matter.
 */
export async function takeUploadSlot(db: DB, userId: string, rate: Config['uploadRate']): Promise<void> {
  const window = sql`make_interval(secs => ${rate.windowMs / 1000})`
  const retryAfter = await db.transaction().execute(async (trx) => {
    // One user's parallel uploads take turns here, so two cannot both take the last slot.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`upload:${userId}`}, 0))`.execute(trx)
    await trx
      .deleteFrom('upload_attempts')
      .where('user_id', '=', userId)
      .where('at', '<=', sql<Date>`now() - ${window}`)
      .execute()
    // The max-th newest upload in the window: once it leaves the window, a slot is free.
    const blocking = await trx
      .selectFrom('upload_attempts')
      .select(sql<number>`ceil(extract(epoch from at + ${window} - now()))::int`.as('wait'))
      .where('user_id', '=', userId)
      .orderBy('at', 'desc')
      .offset(rate.max - 1)
      .limit(1)
      .executeTakeFirst()
    if (blocking) return Math.max(1, Number(blocking.wait))
    await trx.insertInto('upload_attempts').values({ user_id: userId }).execute()
    return null
  })
  if (retryAfter !== null) {
    const minutes = Math.round(rate.windowMs / 60_000)
    throw new AppError(
      'rate_limited',
      `At most ${rate.max} uploads in ${minutes} minutes. Try again in ${retryAfter} seconds.`,
      { retryAfter },
    )
  }
}
