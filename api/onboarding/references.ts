import { sql } from 'kysely'
import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * What still refers to a building, staircase or apartment, found from the database's own foreign
 * keys (pg_constraint), so a table added next month is counted without anyone remembering to list
 * it here. Our keys are composite (org_id, x_id) → (org_id, id): the referencing column is the one
 * paired with the target's `id`. Staircases and apartments of a building are counted like any
 * other reference: a building is removed once it is empty.
 */
export async function referencesTo(
  db: DB,
  table: 'buildings' | 'staircases' | 'apartments',
  id: string,
): Promise<Record<string, number>> {
  const fks = await sql<{ referencing: string; column: string }>`
    SELECT c.conrelid::regclass::text AS referencing, a.attname AS column
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(src, dst)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.src
      JOIN pg_attribute t ON t.attrelid = c.confrelid AND t.attnum = k.dst
     WHERE c.contype = 'f' AND c.confrelid = ${table}::regclass AND t.attname = 'id'`.execute(db)
  const counts: Record<string, number> = {}
  for (const fk of fks.rows) {
    const row = await sql<{ n: string | number }>`
      SELECT count(*) AS n FROM ${sql.table(fk.referencing)} WHERE ${sql.ref(fk.column)} = ${id}`.execute(db)
    const n = Number(row.rows[0]?.n ?? 0)
    if (n > 0) counts[fk.referencing] = (counts[fk.referencing] ?? 0) + n
  }
  return counts
}

const WHAT: Record<string, string> = {
  staircases: 'staircases',
  apartments: 'apartments',
  memberships: 'memberships',
  invitations: 'invitations',
  cases: 'cases',
  bookings: 'bookings',
  finance_invoices: 'invoices',
  finance_payments: 'payments',
  folders: 'document folders',
}

/** Refuses the removal with a message that says what refers to it (409, details: the counts). */
export async function refuseWhileReferenced(
  db: DB,
  table: 'buildings' | 'staircases' | 'apartments',
  id: string,
  label: string,
): Promise<void> {
  const counts = await referencesTo(db, table, id)
  const entries = Object.entries(counts)
  if (entries.length === 0) return
  const list = entries.map(([t, n]) => `${n} ${WHAT[t] ?? t.replaceAll('_', ' ')}`).join(', ')
  throw new AppError(
    'conflict',
    `${label} cannot be removed: ${list} still refer to it. Remove or move those first.`,
    {
      details: { references: counts },
    },
  )
}
