import type { SearchRecord } from '../../server/search/types.ts'

/**
 * The walk behind every `all*` generator of `npm run reindex`: page through a table by id
 * (keyset, so rows written or deleted during the walk neither skip nor repeat others, which
 * OFFSET paging would) and turn each page into records.
 */
export async function* pagesById<T extends { id: string }>(
  page: (after: string | null, limit: number) => Promise<T[]>,
  toRecords: (rows: T[]) => Promise<readonly (SearchRecord | null)[]>,
  limit = 500,
): AsyncGenerator<SearchRecord[]> {
  let after: string | null = null
  for (;;) {
    const rows: T[] = await page(after, limit)
    const last = rows.at(-1)
    if (!last) return
    const records = await toRecords(rows)
    yield records.filter((r): r is SearchRecord => r !== null)
    after = last.id
  }
}
