import { CompiledQuery } from 'kysely'
import { BatchConflict, type BatchStatement, meetsExpectation } from './batchStatement.ts'
import type { DB } from './connect.ts'

/**
 * Statements run in one transaction without the app's event loop between them (issue 21 (a)).
 *
 * A transaction on PGlite's one connection holds every other query of the instance until it
 * ends, and a Kysely transaction over the PGlite thread goes back to the main thread after each
 * statement: under a busy channel each of a compaction's ~57 statements waited for a turn of a
 * loaded event loop, so the transaction held the connection for up to 1.3 s while appends (and
 * with them every acknowledgement) waited. A batch is sent to the PGlite thread whole and runs
 * there back to back; its hold is the database's own time.
 *
 * A statement may carry an expectation on its first row; if the row says otherwise the batch
 * rolls back and `runBatch` throws `BatchConflict` (an optimistic check: "the snapshot is still
 * the one I folded"). Any failing statement rolls the whole batch back too.
 */
export { BatchConflict, type BatchStatement, batchStatement, meetsExpectation } from './batchStatement.ts'

type Runner = (statements: readonly BatchStatement[]) => Promise<void>

/** Engines that run a batch in one request (the PGlite thread); others use a Kysely transaction. */
const runners = new WeakMap<DB, Runner>()

export function registerBatchRunner(db: DB, runner: Runner): void {
  runners.set(db, runner)
}

/** Runs the statements in one transaction, all or none; throws BatchConflict on a failed expectation. */
export async function runBatch(db: DB, statements: readonly BatchStatement[]): Promise<void> {
  if (statements.length === 0) return
  const runner = runners.get(db)
  // The connection is taken through Kysely, so nothing else of this instance's Kysely runs on it
  // meanwhile (PGlite's own lock would also keep them apart; this keeps Kysely's view true).
  if (runner) return db.connection().execute(() => runner(statements))
  await db.transaction().execute(async (trx) => {
    for (const s of statements) {
      const { rows } = await trx.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]))
      if (!meetsExpectation(s, rows)) throw new BatchConflict(`expectation failed: ${s.sql.slice(0, 80)}`)
    }
  })
}
