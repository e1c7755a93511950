import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { Kysely, PGliteDialect } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { migrateToLatest } from '../../schema/db/migrate.ts'
import type { Database } from '../../schema/db/types.ts'

export type DB = Kysely<Database>
export type Engine = 'pglite' | 'postgres'

export interface Connected {
  db: DB
  engine: Engine
  close: () => Promise<void>
}

const BYTEA_OID = 17
/**
 * PGlite's own bytea codec converts hex one byte at a time in JavaScript: reading the snapshot of
 * a 10,000-message thread (3.6 MB) took longer than decoding it into a Y.Doc (bench/threads.ts).
 * Node's native hex codec does the same conversion.
 */
const parseBytea = (text: string): Uint8Array => {
  const buffer = Buffer.from(text.slice(2), 'hex')
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
const serializeBytea = (value: unknown): string => {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type')
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
}

/**
 * Real Postgres when a URL is given, otherwise PGlite (Postgres in WASM) persisted under
 * `dataDir`, or in memory when `dataDir` is 'memory://'. Same SQL, same migrations.
 */
export async function connectDatabase(opts: {
  databaseUrl?: string | undefined
  dataDir?: string
  migrate?: boolean
}): Promise<Connected> {
  let connected: Connected
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, { max: 10, onnotice: () => {} })
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) })
    connected = { db, engine: 'postgres', close: () => db.destroy() }
  } else {
    const dir = opts.dataDir ?? 'memory://'
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
    const pg = await PGlite.create(dir.startsWith('memory://') ? undefined : dir, {
      extensions: { btree_gist, pg_trgm, unaccent },
      parsers: { [BYTEA_OID]: parseBytea },
      serializers: { [BYTEA_OID]: serializeBytea },
    })
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pg }) })
    // Kysely's destroy() closes the PGlite instance too.
    connected = { db, engine: 'pglite', close: () => db.destroy() }
  }
  if (opts.migrate !== false) await migrateToLatest(connected.db as unknown as Kysely<unknown>)
  return connected
}
