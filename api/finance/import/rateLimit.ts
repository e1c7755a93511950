import { sql } from 'kysely'
import type { Config } from '../../../schema/config.ts'
import { AppError } from '../../../schema/errors.ts'
import type { DB } from '../../../server/db/connect.ts'

/**
 * The import API's rate limit: at most `max` calls per caller within a sliding window
 * (IMPORT_RATE_LIMIT per IMPORT_RATE_WINDOW_MINUTES, default 120 per 10 minutes), the caller being
 * the API key (every route under /api/import) or the person uploading in the portal. Counted in
 * Postgres like the upload throttle (api/files/uploadLimit.ts), so it holds across API processes;
 * the database's clock decides. A call takes its slot before its body is read: a refused or
 * failed import still counts, a 429 does not. The 429 says the limit, the window and the wait,
 * and carries Retry-After.
 */
export async function takeImportSlot(db: DB, caller: string, rate: Config['importRate']): Promise<void> {
  const window = sql`make_interval(secs => ${rate.windowMs / 1000})`
  const retryAfter = await db.transaction().execute(async (trx) => {
    // One caller's parallel calls take turns here, so two cannot both take the last slot.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`import-rate:${caller}`}, 0))`.execute(trx)
    await trx
      .deleteFrom('import_calls')
      .where('caller', '=', caller)
      .where('at', '<=', sql<Date>`now() - ${window}`)
      .execute()
    // The max-th newest call in the window: once it leaves the window, a slot is free.
    const blocking = await trx
      .selectFrom('import_calls')
      .select(sql<number>`ceil(extract(epoch from at + ${window} - now()))::int`.as('wait'))
      .where('caller', '=', caller)
      .orderBy('at', 'desc')
      .offset(rate.max - 1)
      .limit(1)
      .executeTakeFirst()
    if (blocking) return Math.max(1, Number(blocking.wait))
    await trx.insertInto('import_calls').values({ caller }).execute()
    return null
  })
  if (retryAfter !== null) {
    const minutes = Math.round(rate.windowMs / 60_000)
    throw new AppError(
      'rate_limited',
      `At most ${rate.max} import calls in ${minutes} minutes for this ${caller.startsWith('key:') ? 'API key' : 'person'}. Try again in ${retryAfter} seconds.`,
      { retryAfter },
    )
  }
}
