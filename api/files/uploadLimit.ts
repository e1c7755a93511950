import type { Config } from '../../schema/config.ts'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'
import { take } from '../../server/limits/slidingWindow.ts'

/**
 * Upload throttle: at most `max` uploads per user within a sliding window (UPLOAD_RATE_LIMIT per
 * UPLOAD_RATE_WINDOW_MINUTES, default 60 per 10 minutes), over every upload route together
 * (attachments, documents and their versions, partner materials). Counted in Postgres by the one
 * sliding-window limiter (server/limits/slidingWindow.ts), so it holds across API processes. An upload takes its slot before its first
 * byte is read: a refused one (too large, wrong type) still counts, a 429 does not, and a 429
 * stores nothing. Times are the database's, so API clocks that drift do not matter.
 */
export async function takeUploadSlot(db: DB, userId: string, rate: Config['uploadRate']): Promise<void> {
  const retryAfter = await take(
    db,
    { table: 'upload_attempts', column: 'user_id', lock: 'upload', max: rate.max, windowMs: rate.windowMs },
    userId,
  )
  if (retryAfter !== null) {
    const minutes = Math.round(rate.windowMs / 60_000)
    throw new AppError(
      'rate_limited',
      `At most ${rate.max} uploads in ${minutes} minutes. Try again in ${retryAfter} seconds.`,
      { retryAfter },
    )
  }
}
