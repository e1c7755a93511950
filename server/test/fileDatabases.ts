import { dropDatabase, fileDatabaseName, withAdmin } from './postgresDatabases.ts'

/** The run's template as `postgresTemplate.ts` provides it. */
export interface RunTemplate {
  url: string
  template: string
  prefix: string
}

/**
 * A test file's own Postgres database, cloned ahead of time. A worker runs file after file
 * (vitest `isolate: false`) and this module, unlike the setup file that calls it, is evaluated
 * once per worker: so while one file's tests run, the next file's database is already being
 * cloned, and a finished file's database is dropped while the next file runs. Before, each file
 * waited for its clone (0.7 s a file on average on a loaded 2-core machine, 126 s over a run) and
 * for its drop. A worker's last clone is never taken: the run's teardown drops every database
 * with the run's prefix (`postgresTemplate.ts`), and a clone that finished after that is stale at
 * the next run's start (its vitest process is gone).
 */
let next: Promise<string> | undefined

export function takeFileDatabase(run: RunTemplate): Promise<string> {
  const taken = next ?? cloneFileDatabase(run)
  next = undefined
  // Only inside a vitest worker: a script or benchmark that starts one server takes one database
  // and has no run teardown to drop a spare.
  if (process.env.VITEST) {
    next = cloneFileDatabase(run)
    // A failed clone fails the file that takes it, not this one.
    next.catch(() => {})
  }
  return taken
}

/** Drops a file's database without holding up the worker's next file (see above for leftovers). */
export function dropInBackground(url: string, name: string): void {
  withAdmin(url, (sql) => dropDatabase(sql, name)).catch((error: unknown) => {
    console.warn(`[test teardown] dropping ${name} failed (the run's teardown retries): ${String(error)}`)
  })
}

/** A database cloned now, for a file whose worker does not outlive it (the e2e project). */
export async function cloneFileDatabase({ url, template, prefix }: RunTemplate): Promise<string> {
  const name = fileDatabaseName(prefix)
  await withAdmin(url, (sql) => sql`CREATE DATABASE ${sql(name)} TEMPLATE ${sql(template)}`)
  return name
}
