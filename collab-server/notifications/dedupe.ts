import type { Kysely } from 'kysely'
import type { Database } from '../../schema/db/types.ts'

/**
 * "Has this event been notified already?" as a unique insert into `notification_dedupe`: the
 * first writer of a key wins, whatever instance or re-run it is, because the primary key decides
 * (a concurrent second insert waits for the first to commit, then does nothing).
 *
 * `source` names the claimer (an outbox row id, a reminder run). A delivery that crashed after
 * claiming is retried under the same outbox row, so the same source may claim its key again.
 */
export async function claimOnce(db: Kysely<Database>, key: string, source: string): Promise<boolean> {
  const inserted = await db
    .insertInto('notification_dedupe')
    .values({ key, source })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst()
  if (inserted) return true
  const held = await db
    .selectFrom('notification_dedupe')
    .select('source')
    .where('key', '=', key)
    .executeTakeFirst()
  return held?.source === source
}
