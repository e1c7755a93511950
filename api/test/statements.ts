import type { KyselyPlugin } from 'kysely'
import { expect } from 'vitest'
import { createApi } from '../app.ts'
import { createSessionCache } from '../http/sessionCache.ts'
import type { TestContext } from './harness.ts'
import { client } from './http.ts'

/**
 * The app over the test's real database with every statement counted (a Kysely plugin sees each
 * result that comes back), and the session cache on as in production, so a warm request costs its
 * endpoint's statements only: for tests that fail when an endpoint's round trips creep back
 * (issue 19).
 */
export function countingApp(t: TestContext) {
  let statements: string[] = []
  let rows = 0
  const db = t.deps.db
  // transformQuery also sees every subquery built from `db` (each builder runs the plugins), so
  // a statement is counted where its result comes back: once per round trip.
  // Builders derived from one another share a query id, so the SQL compiled under an id is kept
  // in order and taken in order (best effort: the count is exact, the text is for the reader).
  const compiled = new Map<string, string[]>()
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      const sql = db.getExecutor().compileQuery(args.node, args.queryId).sql
      compiled.set(args.queryId.queryId, [...(compiled.get(args.queryId.queryId) ?? []), sql])
      return args.node
    },
    transformResult: async (args) => {
      statements.push(compiled.get(args.queryId.queryId)?.shift() ?? '?')
      rows += args.result.rows.length
      return args.result
    },
  }
  const app = createApi({ ...t.deps, db: t.deps.db.withPlugin(counter), sessionCache: createSessionCache() })
  return {
    /**
     * GET `path` as `token` twice (the first warms the session cache): the second's body, its
     * number of statements and their SQL (what a failing count shows), and the rows they returned.
     */
    async get<T = unknown>(
      token: string,
      path: string,
    ): Promise<{ body: T; statements: number; sql: string[]; rows: number }> {
      await (await client(app, token).get(path)).arrayBuffer()
      statements = []
      rows = 0
      compiled.clear()
      const res = await client(app, token).get(path)
      expect(res.status).toBe(200)
      const sql = statements
      return { body: (await res.json()) as T, statements: sql.length, sql, rows }
    },
  }
}
