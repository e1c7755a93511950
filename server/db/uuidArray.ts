import { type RawBuilder, sql } from 'kysely'

/**
 * Ids as one `uuid[]` parameter, for `col = ANY(…)`: `IN (…)` sends one parameter per id, and a
 * statement with hundreds of them (a manager's 500 cooperatives, three times over) cost the work
 * queue 26 ms of planning per request and the API as much again building and sending them
 * (session 15). Sent as an array literal in text, which both drivers pass the same way; the ids
 * come from the database (uuids), and a malformed one fails the cast, it cannot change the SQL.
 */
export function uuidArray(ids: readonly string[]): RawBuilder<string[]> {
  return sql<string[]>`${`{${ids.join(',')}}`}::uuid[]`
}
