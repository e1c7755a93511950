import type { Config } from '../../../schema/config.ts'
import { AppError } from '../../../schema/errors.ts'
import type { DB } from '../../../server/db/connect.ts'
import { take } from '../../../server/limits/slidingWindow.ts'

/**
 * The import API's rate limit: at most `max` calls per caller within a sliding window
 * (IMPORT_RATE_LIMIT per IMPORT_RATE_WINDOW_MINUTES, default 120 per 10 minutes), the caller being
 * the API key (every route under /api/import) or the person uploading in the portal. Counted in
 * Postgres by the one sliding-window limiter (server/limits/slidingWindow.ts), like uploads, so it holds across API processes;
 * the database's clock decides. A call takes its slot before its body is read: a refused or
 * failed import still counts, a 429 does not. The 429 says the limit, the window and the wait,
 * and carries Retry-After.
 */
export async function takeImportSlot(db: DB, caller: string, rate: Config['importRate']): Promise<void> {
  const retryAfter = await take(
    db,
    { table: 'import_calls', column: 'caller', lock: 'import-rate', max: rate.max, windowMs: rate.windowMs },
    caller,
  )
  if (retryAfter !== null) {
    const minutes = Math.round(rate.windowMs / 60_000)
    throw new AppError(
      'rate_limited',
      `At most ${rate.max} import calls in ${minutes} minutes for this ${caller.startsWith('key:') ? 'API key' : 'person'}. Try again in ${retryAfter} seconds.`,
      { retryAfter },
    )
  }
}
