import type { Kysely } from 'kysely'
import { type CaseCategory, DEFAULT_CASE_CATEGORIES } from '../../schema/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * The categories of a cooperative: its own list, or the defaults when it has none. Retired ones
 * only with `all` (they still name old cases); new cases take active ones only.
 */
export async function categoriesOf(
  db: DB | Kysely<Database>,
  orgId: string,
  opts: { all?: boolean } = {},
): Promise<{ list: CaseCategory[]; custom: boolean }> {
  const rows = await db
    .selectFrom('case_categories')
    .select(['key', 'name', 'active'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .orderBy('key')
    .execute()
  if (rows.length > 0) return { list: opts.all ? rows : rows.filter((r) => r.active), custom: true }
  return { list: DEFAULT_CASE_CATEGORIES.map((key) => ({ key, name: null, active: true })), custom: false }
}
