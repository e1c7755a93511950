import { CompiledQuery } from 'kysely'
import type { DB } from '../../server/db/connect.ts'

/**
 * The plan a prepared statement runs once Postgres plans it for any parameters (postgres.js
 * prepares every statement): for tests that hold a statement to its index, so a `$n` where the
 * index needs a literal (a partial index's predicate) cannot slip back in.
 */
export async function genericPlan(db: DB, q: CompiledQuery): Promise<string> {
  return db.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('SET plan_cache_mode = force_generic_plan'))
    const args = q.parameters.map((v) => `'${String(v).replaceAll("'", "''")}'`).join(', ')
    await conn.executeQuery(CompiledQuery.raw(`PREPARE generic_plan AS ${q.sql}`))
    const rows = await conn.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`EXPLAIN EXECUTE generic_plan${args ? `(${args})` : ''}`),
    )
    await conn.executeQuery(CompiledQuery.raw('DEALLOCATE generic_plan'))
    await conn.executeQuery(CompiledQuery.raw('RESET plan_cache_mode'))
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n')
  })
}
