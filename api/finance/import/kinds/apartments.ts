import type { DB } from '../../../../server/db/connect.ts'

/**
 * The cooperative's apartments as an import row names them: by our id, or by number ("A 1").
 * A number two buildings share is ambiguous and must be given by id.
 */
export interface ApartmentIndex {
  resolve(ref: string): { id: string } | { error: string }
}

export async function apartmentIndex(trx: DB, orgId: string): Promise<ApartmentIndex> {
  const rows = await trx
    .selectFrom('apartments')
    .select(['id', 'number'])
    .where('org_id', '=', orgId)
    .execute()
  const ids = new Set(rows.map((r) => r.id))
  const byNumber = new Map<string, string | null>()
  for (const r of rows) {
    const key = r.number.trim().toLowerCase()
    byNumber.set(key, byNumber.has(key) ? null : r.id)
  }
  return {
    resolve(ref) {
      if (ids.has(ref)) return { id: ref }
      const found = byNumber.get(ref.trim().toLowerCase())
      if (found) return { id: found }
      if (found === null) return { error: `Apartment "${ref}" is in several buildings; give its id.` }
      return { error: `No apartment "${ref}" in this cooperative.` }
    },
  }
}
