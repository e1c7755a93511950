import { type PGlite, parse, protocol } from '@electric-sql/pglite'

/**
 * Named prepared statements on PGlite, as postgres.js keeps them on Postgres.
 *
 * `PGlite.query` parses, describes and plans every statement anew, in five calls into WASM
 * (Parse, Describe, Bind, Describe, Execute, then Sync): a list request's statements were planned
 * on every request, as costly as running them (SCALE.md, session 14), and PGlite has one
 * connection, so that time queues every other request. Here a statement with parameters is
 * parsed and described once per text and kept under a name; each run is Bind + Execute + Sync in
 * one call. Postgres then plans it as it does a prepared statement anywhere: custom plans for the
 * first five runs, the generic plan after that when it is not costlier.
 *
 * Statements without parameters (migrations' DDL, BEGIN/COMMIT) take PGlite's own path: they
 * are not repeated with other values, and DDL must not leave a cached plan over a table it
 * changes. A kept statement whose result type a later DDL changed ("cached plan must not change
 * result type") is dropped and run once more the ordinary way.
 */
export interface QueryResult {
  rows: unknown[]
  affectedRows?: number | undefined
}

type Message = { name: string } & Record<string, unknown>

interface Prepared {
  name: string
  paramTypes: number[]
  /** The statement's RowDescription (Execute sends none), null when it returns no rows. */
  rowDescription: Message | null
}

/** Kept statements per instance, least recently used first (Map keeps insertion order). */
const LIMIT = 500
const kept = new WeakMap<PGlite, Map<string, Prepared>>()
let nextName = 1

/** Postgres's SQLSTATE for "cached plan must not change result type". */
const PLAN_CHANGED = '0A000'

/**
 * Runs a statement through a kept prepared statement. `plain` is PGlite's own query on the same
 * target (the instance, or the open transaction), for statements without parameters.
 * `inTransaction`: the caller runs inside a PGlite transaction, which already holds the
 * instance's transaction lock; otherwise that lock is taken here, as `PGlite.query` takes it.
 */
export function preparedQuery(
  pg: PGlite,
  text: string,
  params: readonly unknown[],
  plain: (text: string, params: unknown[]) => Promise<QueryResult>,
  inTransaction: boolean,
): Promise<QueryResult> {
  if (params.length === 0) return plain(text, [])
  const go = () => pg.runExclusive(() => runKept(pg, text, params))
  return inTransaction ? go() : pg._runExclusiveTransaction(go)
}

async function runKept(pg: PGlite, text: string, params: readonly unknown[]): Promise<QueryResult> {
  const statements = kept.get(pg) ?? new Map<string, Prepared>()
  kept.set(pg, statements)
  const take = async () => {
    let statement = statements.get(text)
    if (statement) {
      // Most recently used last.
      statements.delete(text)
      statements.set(text, statement)
      return statement
    }
    statement = await prepare(pg, text)
    statements.set(text, statement)
    if (statements.size > LIMIT) await forget(pg, statements, statements.keys().next().value!)
    return statement
  }
  try {
    return await run(pg, await take(), params)
  } catch (error) {
    if ((error as { code?: string }).code !== PLAN_CHANGED) throw error
    // A DDL changed what the kept statement returns: describe it anew, once.
    await forget(pg, statements, text)
    return run(pg, await take(), params)
  }
}

async function exec(pg: PGlite, ...messages: Uint8Array[]): Promise<Message[]> {
  const bytes = messages.length === 1 ? messages[0]! : Buffer.concat(messages)
  // Sync is always in the same buffer: after an error Postgres skips to it, so the connection
  // is ready again when PGlite throws.
  return (await pg.execProtocolStream(bytes, { syncToFs: false })) as unknown as Message[]
}

async function prepare(pg: PGlite, text: string): Promise<Prepared> {
  const name = `kp_${nextName++}`
  const described = await exec(
    pg,
    protocol.serialize.parse({ name, text }),
    protocol.serialize.describe({ type: 'S', name }),
    protocol.serialize.sync(),
  )
  return {
    name,
    paramTypes: parse.parseDescribeStatementResults(described as never),
    rowDescription: described.find((m) => m.name === 'rowDescription') ?? null,
  }
}

async function run(pg: PGlite, statement: Prepared, params: readonly unknown[]): Promise<QueryResult> {
  // The values as PGlite's own query serialises them: by the parameter's type, else as text.
  const values = params.map((value, i) => {
    if (value === null || value === undefined) return null
    const serialize = pg.serializers[statement.paramTypes[i]!]
    return serialize ? serialize(value) : String(value)
  })
  const messages = await exec(
    pg,
    protocol.serialize.bind({ statement: statement.name, values }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  )
  // Outside a transaction PGlite syncs a file-backed data directory after every query; so do we.
  if (!pg.isInTransaction()) await pg.syncToFs()
  const all = statement.rowDescription ? [statement.rowDescription, ...messages] : messages
  const [result] = parse.parseResults(all as never, pg.parsers, { rowMode: 'object' })
  return { rows: result?.rows ?? [], affectedRows: result?.affectedRows }
}

async function forget(pg: PGlite, statements: Map<string, Prepared>, text: string): Promise<void> {
  const statement = statements.get(text)
  if (!statement) return
  statements.delete(text)
  await exec(pg, protocol.serialize.close({ type: 'S', name: statement.name }), protocol.serialize.sync())
}

type Options = { rowMode?: 'object' | 'array' }

/**
 * A PGlite instance on this thread as Kysely's `PGliteDialect` uses it (`query`, `transaction`,
 * `close`, `ready`, `waitReady`, `closed`), its statements prepared as above; the PGlite thread
 * (`pgliteWorker.ts`) calls `preparedQuery` itself.
 */
export function withPreparedStatements(pg: PGlite) {
  type Tx = Parameters<Parameters<PGlite['transaction']>[0]>[0]
  const objects = (target: PGlite | Tx) => (text: string, params: unknown[]) =>
    target.query(text, params, { rowMode: 'object' })
  return {
    get closed() {
      return pg.closed
    },
    get ready() {
      return pg.ready
    },
    waitReady: pg.waitReady,
    close: () => pg.close(),
    query: (text: string, params: readonly unknown[] = [], _options?: Options) =>
      preparedQuery(pg, text, params, objects(pg), false),
    transaction: <T>(
      fn: (tx: { query: (text: string, params?: readonly unknown[]) => Promise<QueryResult> }) => Promise<T>,
    ) =>
      pg.transaction((tx) =>
        fn({ query: (text, params = []) => preparedQuery(pg, text, params, objects(tx), true) }),
      ),
  }
}
