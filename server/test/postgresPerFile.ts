import { afterAll, inject } from 'vitest'
import { dropDatabase, fileDatabaseName, withAdmin, withDatabase } from './postgresDatabases.ts'

/**
 * Every server test file (vitest `setupFiles`), with DATABASE_URL: a Postgres database of the
 * file's own, cloned from the run's migrated template (`postgresTemplate.ts`), and
 * process.env.DATABASE_URL pointed at it before the test file is imported. So everything in the
 * file reaches the same database — `connectTestDatabase('postgres')`, a second API or collab
 * instance, a child server given DATABASE_URL — and nothing of another file's: outbox consumers
 * (the indexer, the notifier) claim every row of the database they poll, and on one shared
 * database a file's consumers took other files' rows.
 *
 * Each file runs in a worker of its own (vitest's `isolate`), so the environment variable does not
 * outlive it; the run's DATABASE_URL comes from `inject`, never from a variable set here. This
 * `afterAll` is registered before the file's own, so it runs after them (vitest runs after-hooks
 * in reverse order); FORCE ends connections a test leaked. A database the drop missed goes at the
 * run's teardown, or at the next run's start if this run was killed.
 */
const provided = inject('postgresTemplate') ?? null
if (provided) {
  const { url, template, prefix } = provided
  const name = fileDatabaseName(prefix)
  await withAdmin(url, (sql) => sql`CREATE DATABASE ${sql(name)} TEMPLATE ${sql(template)}`)
  process.env.DATABASE_URL = withDatabase(url, name)
  afterAll(() => withAdmin(url, (sql) => dropDatabase(sql, name)))
}
