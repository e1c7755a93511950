import { afterAll, inject } from 'vitest'
import { dropInBackground, takeFileDatabase } from './fileDatabases.ts'
import { withDatabase } from './postgresDatabases.ts'

/**
 * Every server test file (vitest `setupFiles`), with DATABASE_URL: a Postgres database of the
 * file's own, cloned from the run's migrated template (`postgresTemplate.ts`; cloned while the
 * worker's previous file ran, `fileDatabases.ts`), and process.env.DATABASE_URL pointed at it
 * before the test file is imported. So everything in the file reaches the same database —
 * `connectTestDatabase('postgres')`, a second API or collab instance, a child server given
 * DATABASE_URL — and nothing of another file's: outbox consumers (the indexer, the notifier) claim
 * every row of the database they poll, and on one shared database a file's consumers took other
 * files' rows.
 *
 * A worker runs file after file (`isolate: false`) and this file runs again before each, so the
 * variable is set anew for every file; the run's DATABASE_URL comes from `inject`, never from a
 * variable set here. This `afterAll` is registered before the file's own, so it runs after them
 * (vitest runs after-hooks in reverse order); its drop (FORCE ends connections a test leaked)
 * runs while the next file does. A database the drop missed goes at the run's teardown, or at the
 * next run's start if this run was killed.
 */
const provided = inject('postgresTemplate') ?? null
if (provided) {
  const name = await takeFileDatabase(provided)
  process.env.DATABASE_URL = withDatabase(provided.url, name)
  afterAll(() => dropInBackground(provided.url, name))
}
