import type { TestProject } from 'vitest/node'
import { connectDatabase } from '../db/connect.ts'
import {
  databaseOf,
  dropDatabase,
  processAlive,
  runPrefix,
  staleRunDatabases,
  templateName,
  withAdmin,
  withDatabase,
} from './postgresDatabases.ts'

/**
 * Once per run (vitest `globalSetup` of the server project), with DATABASE_URL: a fresh database
 * with every migration run on it, the template each test file's own database is cloned from
 * (`postgresPerFile.ts`). The migrations from scratch still run on Postgres, once per run.
 *
 * First it drops the databases of earlier runs on the same base database whose vitest process is
 * gone (killed before its teardown); at the end, this run's template and any file database left
 * behind. Nobody may connect to the template (ALLOW_CONNECTIONS false): one open connection to it
 * would make every clone fail.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL
  if (!url) {
    project.provide('postgresTemplate', null)
    return undefined
  }
  const base = databaseOf(url)
  const prefix = runPrefix(base, process.pid)
  const template = templateName(prefix)
  await withAdmin(url, async (sql) => {
    const names = (await sql<{ datname: string }[]>`SELECT datname FROM pg_database`).map((r) => r.datname)
    for (const stale of staleRunDatabases(names, base, processAlive)) await dropDatabase(sql, stale)
    await dropDatabase(sql, template)
    await sql`CREATE DATABASE ${sql(template)}`.catch((error: unknown) => {
      throw new Error(
        `The server tests create a Postgres database per file: the DATABASE_URL user needs CREATEDB (${String(error)})`,
      )
    })
  })
  const migrated = await connectDatabase({ databaseUrl: withDatabase(url, template) })
  await migrated.close()
  await withAdmin(url, (sql) => sql`ALTER DATABASE ${sql(template)} ALLOW_CONNECTIONS false`)
  project.provide('postgresTemplate', { url, template, prefix })
  return () =>
    withAdmin(url, async (sql) => {
      const ours = await sql<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE starts_with(datname, ${`${prefix}_`})`
      for (const { datname } of ours) await dropDatabase(sql, datname)
    })
}
