import type { Engine } from '../../server/db/connect.ts'

/** PGlite always; Postgres too when DATABASE_URL is set (said loudly when it is not). */
export function benchEngines(): Engine[] {
  if (process.env.DATABASE_URL) return ['pglite', 'postgres']
  console.log('NOTICE: DATABASE_URL unset, Postgres skipped.')
  return ['pglite']
}
