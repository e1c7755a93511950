import { sql } from 'kysely'
import type { DB } from './connect.ts'

/**
 * Lets this transaction delete rows of the append-only message history (`message_versions`):
 * only GDPR erasure and retention purge it (migration 0045 says why). Transaction-local, so it
 * ends with the transaction; call it with the transaction's `trx`, never with the pool.
 */
export async function allowHistoryPurge(trx: DB): Promise<void> {
  await sql`SELECT set_config('kotipiha.purge', 'on', true)`.execute(trx)
}
