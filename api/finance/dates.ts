import { type RawBuilder, sql } from 'kysely'

/** A date column as YYYY-MM-DD text: both drivers would otherwise hand back a Date at some zone's midnight. */
export function dateText(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`
}

/** Aggregates come back as strings (bigint, numeric) from postgres.js and as numbers from PGlite. */
export const num = (value: string | number | bigint | null | undefined): number => Number(value ?? 0)
