import { cleanNames, type LocalNames, localName, storedName } from '../../schema/localNames.ts'
import type { Language } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'

/** A resource category as the API returns it: `name` in the reader's language, `names` to edit. */
export interface CategoryView {
  id: string
  name: string
  names: LocalNames
  position: number
}

type Row = { id: string; name: string; names: LocalNames | null; position: number }

export const toCategoryView = (row: Row, language: Language): CategoryView => ({
  id: row.id,
  name: localName(row.names, row.name, language),
  names: row.names ?? {},
  position: row.position,
})

/** The organisation's categories by position, then by the name the reader sees. */
export async function categoriesIn(db: DB, orgId: string, language: Language): Promise<CategoryView[]> {
  const rows = await db
    .selectFrom('booking_categories')
    .select(['id', 'name', 'names', 'position'])
    .where('org_id', '=', orgId)
    .execute()
  return rows
    .map((r) => toCategoryView(r, language))
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, language))
}

/**
 * The columns a create or an edit writes: `names` when given (the stored name follows them:
 * fi → en → sv), else a single `name`, which also becomes the Finnish name when none is set.
 */
export function nameColumns(
  body: { name?: string | undefined; names?: LocalNames | undefined },
  before?: LocalNames,
): { name?: string; names?: ReturnType<typeof jsonb> } {
  if (body.names) {
    const names = cleanNames(body.names)
    return { name: storedName(names), names: jsonb(names) }
  }
  if (body.name === undefined) return {}
  return { name: body.name, names: jsonb({ ...before, fi: body.name }) }
}
