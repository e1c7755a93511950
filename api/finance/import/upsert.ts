import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../server/db/connect.ts'

/**
 * The idempotent part every import kind shares: rows keyed by the ERP's `external_id` within the
 * organisation are inserted when new, updated when a column differs, and left alone when nothing
 * does. Columns are compared as Postgres prints them (`::text`), which is also how a date, an
 * integer or a text arrives from the file after validation.
 */
export type Columns = Record<string, string | number | null>
export type Outcome = 'created' | 'updated' | 'unchanged'

export interface UpsertItem {
  externalId: string
  columns: Columns
}

export interface Existing {
  id: string
  text: Record<string, string | null>
}

export async function existingByExternalId(
  trx: DB,
  table: string,
  orgId: string,
  columns: readonly string[],
  externalIds: readonly string[],
): Promise<Map<string, Existing>> {
  if (externalIds.length === 0) return new Map()
  const selected = sql.join(columns.map((c) => sql`${sql.ref(c)}::text AS ${sql.ref(c)}`))
  const result = await sql<Record<string, string | null> & { id: string; external_id: string }>`
    SELECT id, external_id, ${selected} FROM ${sql.table(table)}
     WHERE org_id = ${orgId} AND external_id IN (${sql.join(externalIds)})`.execute(trx)
  return new Map(result.rows.map((r) => [r.external_id, { id: r.id, text: r }]))
}

export function differs(existing: Existing, columns: Columns): boolean {
  return Object.entries(columns).some(([k, v]) => (v === null ? null : String(v)) !== existing.text[k])
}

/**
 * Writes the batch; returns each item's outcome and row id. `extra` columns (updated_at) are set
 * on writes only, so they never make a row look changed.
 */
export async function upsertBatch(
  trx: DB,
  table: string,
  orgId: string,
  items: readonly UpsertItem[],
  existing: Map<string, Existing>,
  extra: Columns = {},
): Promise<{ outcome: Outcome; id: string }[]> {
  const db = trx as unknown as Kysely<Record<string, Record<string, unknown>>>
  const fresh = items.filter((i) => !existing.has(i.externalId))
  const created = new Map<string, string>()
  if (fresh.length > 0) {
    const rows = await db
      .insertInto(table)
      .values(fresh.map((i) => ({ org_id: orgId, external_id: i.externalId, ...i.columns })))
      .returning(['id', 'external_id'])
      .execute()
    for (const r of rows) created.set(String(r.external_id), String(r.id))
  }
  const out: { outcome: Outcome; id: string }[] = []
  for (const item of items) {
    const found = existing.get(item.externalId)
    if (!found) {
      out.push({ outcome: 'created', id: created.get(item.externalId)! })
    } else if (differs(found, item.columns)) {
      await db
        .updateTable(table)
        .set({ ...item.columns, ...extra })
        .where('id', '=', found.id)
        .execute()
      out.push({ outcome: 'updated', id: found.id })
    } else {
      out.push({ outcome: 'unchanged', id: found.id })
    }
  }
  return out
}
