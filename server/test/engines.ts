import type { Engine } from '../db/connect.ts'

/**
 * The engines every DB test runs on, in every process's tests: PGlite always, real Postgres when
 * DATABASE_URL is set.
 */
export const ENGINES: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
if (!process.env.DATABASE_URL) {
  console.warn('NOTICE: DATABASE_URL unset, DB tests run on PGlite only (CI runs them on Postgres too).')
}
