import type { DB } from '../../server/db/connect.ts'
import { loadMarkdown } from '../../server/kb/markdown.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { pagesById } from './paging.ts'

/**
 * Knowledge-base articles. `article.changed` rows are written by api/kb in the transaction of
 * the change. A published article is found by every member of its organisation; a shared one
 * of a management company is also indexed once in each cooperative the company manages, found
 * there by that cooperative's members (a resident holds no role in the company itself). Drafts
 * and deleted articles are not indexed. The handler reads the current rows, so applying a row
 * twice or out of order leaves the index right.
 */
export const ARTICLE_TOPIC = 'article.changed'

const ownId = (articleId: string) => recordId('article', articleId)
const inCoopId = (articleId: string, coopId: string) => recordId('article', `${articleId}:${coopId}`)

async function managedCoops(db: DB, companyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('managed_by', '=', companyId)
    .where('kind', '=', 'housing_cooperative')
    .execute()
  return rows.map((r) => r.id)
}

export async function articleChanges(db: DB, articleId: string): Promise<Changes> {
  const row = await db
    .selectFrom('kb_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('kb_categories as k', (j) =>
      j.onRef('k.id', '=', 'a.category_id').onRef('k.org_id', '=', 'a.org_id'),
    )
    .select([
      'a.org_id',
      'a.title',
      'a.body',
      'a.language',
      'a.shared',
      'a.status',
      'a.deleted_at',
      'a.updated_at',
      'o.kind',
      'k.name as category',
    ])
    .where('a.id', '=', articleId)
    .executeTakeFirst()
  const coops = row?.kind === 'management_company' ? await managedCoops(db, row.org_id) : []
  if (!row || row.deleted_at !== null || row.status !== 'published') {
    return { upsert: [], delete: [ownId(articleId), ...coops.map((c) => inCoopId(articleId, c))] }
  }
  const text = (await loadMarkdown()).text(row.body)
  const record = (orgId: string, id: string): SearchRecord => ({
    id,
    orgId,
    type: 'article',
    entityId: articleId,
    title: row.title,
    body: row.category ? `${row.category} · ${text}` : text,
    language: row.language,
    url: `/org/${orgId}/kb/${articleId}`,
    updatedAt: row.updated_at,
    visibility: { roles: 'members', buildingId: null, participants: [], internal: false },
  })
  const changes: Changes = { upsert: [record(row.org_id, ownId(articleId))], delete: [] }
  for (const coop of coops) {
    if (row.shared) changes.upsert.push(record(coop, inCoopId(articleId, coop)))
    else changes.delete.push(inCoopId(articleId, coop))
  }
  return changes
}

const articleChanged: Handler = (ctx, row) => articleChanges(ctx.db, row.entityId)

export const articleHandlers: Readonly<Record<string, Handler>> = { [ARTICLE_TOPIC]: articleChanged }

/** Every published article (with its copies in managed cooperatives): for `npm run reindex`. */
export function allArticles(ctx: SourceContext): AsyncGenerator<SearchRecord[]> {
  return pagesById(
    (after, limit) =>
      ctx.db
        .selectFrom('kb_articles')
        .select('id')
        .where('deleted_at', 'is', null)
        .where('status', '=', 'published')
        .$if(after !== null, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(limit)
        .execute(),
    async (rows) =>
      (await Promise.all(rows.map(async (r) => (await articleChanges(ctx.db, r.id)).upsert))).flat(),
  )
}

export async function countArticles(db: DB): Promise<number> {
  const row = await db
    .selectFrom('kb_articles')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('deleted_at', 'is', null)
    .where('status', '=', 'published')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
