import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The run's migrated Postgres template (`postgresTemplate.ts`), or null without DATABASE_URL:
     * `url` is the run's DATABASE_URL (where databases are created and dropped from), `prefix` the
     * run's name prefix that every database of the run carries.
     */
    postgresTemplate: { url: string; template: string; prefix: string } | null
  }
}

/**
 * The names of a test run's Postgres databases. Each test file gets a database of its own, cloned
 * from a template migrated once per run, because outbox consumers (the indexer, the notifier)
 * claim every row of the database they poll: on one shared database a file's notifier delivered
 * another file's notices to its own clients, and its indexer indexed another file's rows first.
 *
 * Every name is `<base>_r<pid>_<suffix>`: `<base>` is the run's DATABASE_URL database (so two
 * people's runs on one server, each with their own database, never touch each other's), `<pid>`
 * the vitest process that made it (so a run killed before its teardown is recognised later as
 * stale: its process is gone) and `<suffix>` `tmpl` for the template or `f` + 8 hex digits for a
 * file. Postgres cuts identifiers at 63 bytes; the base is cut to 30 to keep the suffix whole.
 */
const BASE_LENGTH = 30

export function runPrefix(baseDatabase: string, pid: number): string {
  return `${baseDatabase.slice(0, BASE_LENGTH)}_r${pid}`
}

export function templateName(prefix: string): string {
  return `${prefix}_tmpl`
}

export function fileDatabaseName(prefix: string): string {
  return `${prefix}_f${randomBytes(4).toString('hex')}`
}

/** The databases of runs on this base whose vitest process is gone (killed before its teardown). */
export function staleRunDatabases(
  names: readonly string[],
  baseDatabase: string,
  isAlive: (pid: number) => boolean,
): string[] {
  const base = baseDatabase.slice(0, BASE_LENGTH).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^${base}_r(\\d+)_(?:tmpl|f[0-9a-f]{8})$`)
  return names.filter((name) => {
    const pid = pattern.exec(name)?.[1]
    return pid !== undefined && !isAlive(Number(pid))
  })
}

/** Whether a process of this machine is running (EPERM: it is, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The database a Postgres URL names (Postgres's default: the user's name). */
export function databaseOf(url: string): string {
  const parsed = new URL(url)
  return decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres'
}

/** The same server, user and options, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.href
}

/**
 * Runs `work` on one short-lived connection to the run's DATABASE_URL database (CREATE and DROP
 * DATABASE work from any database but the one they name).
 */
export async function withAdmin<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return await work(sql)
  } finally {
    await sql.end()
  }
}

/** Drops a database even while connections to it are open (a test that leaked one, a killed child). */
export async function dropDatabase(sql: postgres.Sql, name: string): Promise<void> {
  await sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`
}
