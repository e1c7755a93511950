import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import type { BatchStatement } from '../db/batchStatement.ts'

/**
 * A projection run as a plan (issue 21 (a)): the same projection code, handed a Kysely whose
 * reads go to the database at once (outside any transaction, each a short hold of PGlite's one
 * connection) and whose writes are compiled and kept, to be run later in one batch with the
 * compaction's own statements (db/batch.ts).
 *
 * Sound only for code that reads before it writes what it read (the thread projection: its rows,
 * the highest number, then upserts and inserts), and only when the batch first checks that
 * nothing the reads saw has changed since (compaction checks the stored snapshot is still the
 * one it folded: every projection of a document runs in a compaction that changes it).
 * Savepoints are dropped: the batch is all or nothing, and on any failure compaction runs the
 * ordinary transaction, which writes row by row what it can. A write that wants rows back
 * (`returning`) cannot be planned: `unplannable` says so and compaction takes the transaction.
 */
export interface Plan {
  db: Kysely<Database>
  writes: BatchStatement[]
  /** A write needed its result (e.g. parking reports what it parked): run the transaction instead. */
  unplannable: boolean
}

/**
 * Runs a read on the real database, without its plugins (the planning instance carries them: they
 * see every statement once, as in a transaction; the statement-logging tests rely on it). In the
 * fold thread (foldThread.ts) it is a request to the main thread, which owns the connection.
 */
export type PlanReader = (query: CompiledQuery) => Promise<{ rows: unknown[] }>

export function planWrites(read: PlanReader, plugins: readonly KyselyPlugin[] = []): Plan {
  const plan: Plan = { db: undefined as unknown as Kysely<Database>, writes: [], unplannable: false }
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const kind = statementKind(query)
      if (kind === 'read') return (await read(query)) as QueryResult<R>
      if (kind === 'write') {
        if ((query.query as { returning?: unknown }).returning) plan.unplannable = true
        plan.writes.push({ sql: query.sql, parameters: query.parameters })
      }
      return { rows: [] }
    },
    streamQuery() {
      throw new Error('planned writes do not stream')
    },
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  plan.db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins: [...plugins],
  })
  return plan
}

/** A select reads; savepoint commands are dropped; everything else writes. */
function statementKind(query: CompiledQuery): 'read' | 'write' | 'skip' {
  if (query.query.kind === 'SelectQueryNode') return 'read'
  if (query.query.kind !== 'RawNode') return 'write'
  const verb = query.sql.trim().split(/\s+/)[0]?.toLowerCase()
  if (verb === 'savepoint' || verb === 'release' || verb === 'rollback') return 'skip'
  return verb === 'select' ? 'read' : 'write'
}
