import { cloneFileDatabase, dropInBackground } from '../../server/test/fileDatabases.ts'
import {
  databaseOf,
  dropDatabase,
  processAlive,
  runPrefix,
  staleRunDatabases,
  templateName,
  withAdmin,
  withDatabase,
} from '../../server/test/postgresDatabases.ts'

/** The run's seeded demo on Postgres, as each file's server needs it (vitest `provide`). */
export interface E2EPostgres {
  /** The run's DATABASE_URL: where databases are created and dropped from. */
  url: string
  template: string
  /** The run's name prefix, which every database of the run carries. */
  prefix: string
}

/**
 * The e2e run's demo on Postgres (with DATABASE_URL): one template database, migrated and seeded
 * by `globalSetup.ts`, and a clone of it per test file. Names follow the server tests'
 * (server/test/postgresDatabases.ts: `<base>_r<pid>_…`), so a killed run's databases are dropped
 * by the next run of either project.
 */
export async function makeSeededTemplate(url: string, pid: number) {
  const base = databaseOf(url)
  const prefix = runPrefix(base, pid)
  const template = templateName(prefix)
  await withAdmin(url, async (sql) => {
    const names = (await sql<{ datname: string }[]>`SELECT datname FROM pg_database`).map((r) => r.datname)
    // The server project's run may be dropping the same ones at this moment: its drop wins.
    for (const stale of staleRunDatabases(names, base, processAlive))
      await dropDatabase(sql, stale).catch(() => {})
    await dropDatabase(sql, template)
    await sql`CREATE DATABASE ${sql(template)}`.catch((error: unknown) => {
      throw new Error(
        `The e2e tests create a Postgres database per file: the DATABASE_URL user needs CREATEDB (${String(error)})`,
      )
    })
  })
  return {
    /** Where the seed writes (before `seal`). */
    templateUrl: withDatabase(url, template),
    provided: { url, template, prefix } satisfies E2EPostgres,
    seal: () => withAdmin(url, (sql) => sql`ALTER DATABASE ${sql(template)} ALLOW_CONNECTIONS false`),
    drop: () =>
      withAdmin(url, async (sql) => {
        const ours = await sql<{ datname: string }[]>`
          SELECT datname FROM pg_database WHERE starts_with(datname, ${`${prefix}_`})`
        for (const { datname } of ours) await dropDatabase(sql, datname)
      }),
  }
}

/**
 * A file's own database, cloned from the seeded template; `drop` when its server has stopped, in
 * the background (the run's teardown drops what is left). Not cloned a file ahead as the server
 * tests' are: each e2e file runs in a fresh module graph, so a spare would never be taken.
 */
export async function cloneSeeded(seeded: E2EPostgres): Promise<{ url: string; drop: () => void }> {
  const name = await cloneFileDatabase(seeded)
  return {
    url: withDatabase(seeded.url, name),
    drop: () => dropInBackground(seeded.url, name),
  }
}
