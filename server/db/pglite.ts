import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { BatchConflict, type BatchStatement, meetsExpectation } from './batchStatement.ts'
import { BYTEA_OID, exactBytes, parseBytea, serializeBytea } from './bytea.ts'
import { preparedQuery } from './pglitePrepared.ts'

/**
 * The one way PGlite is opened (on the main thread, or in `pgliteWorker.ts`): the extensions the
 * migrations need and the bytea codec. Each bytea value gets its own buffer: a slice of Node's
 * Buffer pool would be posted to another thread as the whole pool.
 *
 * `loadDataDir` starts from a dumped data directory (`dumpDataDir`) instead of a fresh initdb:
 * the tests' migrated snapshot (`server/test/pgliteSnapshot.ts`). `initDbStartParams` go to initdb
 * when a fresh cluster is made (the tests' snapshot asks for small WAL segments).
 */
export function openPGlite(
  dataDir: string | undefined,
  loadDataDir?: Blob,
  opts: { initDbStartParams?: string[] } = {},
): Promise<PGlite> {
  return PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(opts.initDbStartParams ? { initDbStartParams: opts.initDbStartParams } : {}),
    extensions: { btree_gist, pg_trgm, unaccent },
    parsers: { [BYTEA_OID]: (text: string) => exactBytes(parseBytea(text)) },
    serializers: { [BYTEA_OID]: serializeBytea },
  })
}

/**
 * A batch (batch.ts) on a PGlite instance: one PGlite transaction, statements back to back. The
 * PGlite thread runs it so; an instance on the main thread (tests' snapshot databases) too.
 */
export async function pgliteBatch(pg: PGlite, statements: readonly BatchStatement[]): Promise<void> {
  await pg.transaction(async (tx) => {
    for (const s of statements) {
      const { rows } = await preparedQuery(
        pg,
        s.sql,
        s.parameters,
        (text, params) => tx.query(text, params, { rowMode: 'object' }),
        true,
      )
      if (!meetsExpectation(s, rows)) throw new BatchConflict(`expectation failed: ${s.sql.slice(0, 80)}`)
    }
  })
}
