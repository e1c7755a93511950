import { type RawBuilder, sql } from 'kysely'

/**
 * A jsonb value that both drivers store the same way. postgres.js serialises a parameter it
 * knows is jsonb again (a string would be stored as a JSON string), so pass text and cast.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`
}
