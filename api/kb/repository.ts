import type { Selectable } from 'kysely'
import type { KbArticlesTable } from '../../schema/db/types.ts'
import type { Language } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'

/** Knowledge-base reads and writes shared by the routes, the seed and the indexer. */

export type ArticleRow = Selectable<KbArticlesTable>

export async function loadArticle(db: DB, articleId: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('kb_articles').selectAll().where('id', '=', articleId).executeTakeFirst()
}

/** Writes the indexer's work in the caller's transaction. */
export async function enqueueArticle(trx: DB, orgId: string, articleId: string): Promise<void> {
  await enqueue(trx, 'article.changed', { orgId, entityId: articleId, payload: { orgId } })
}

export interface ArticleContent {
  title: string
  body: string
  language: Language
  categoryId: string | null
  shared: boolean
}

/** A new article (a draft, version 1), its first version and its outbox row. */
export async function createArticle(
  trx: DB,
  orgId: string,
  actorId: string | null,
  content: ArticleContent,
  status: 'draft' | 'published' = 'draft',
): Promise<string> {
  const row = await trx
    .insertInto('kb_articles')
    .values({
      org_id: orgId,
      category_id: content.categoryId,
      title: content.title,
      body: content.body,
      language: content.language,
      shared: content.shared,
      status,
      published_at: status === 'published' ? new Date() : null,
      created_by: actorId,
      updated_by: actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('kb_article_versions')
    .values({
      org_id: orgId,
      article_id: row.id,
      version: 1,
      title: content.title,
      body: content.body,
      language: content.language,
      created_by: actorId,
    })
    .execute()
  await enqueueArticle(trx, orgId, row.id)
  return row.id
}

/**
 * A save: version n+1 becomes current and every earlier version stays. The row lock makes two
 * concurrent saves take n+1 and n+2; a save based on an older version than the current one is
 * refused (409) so nobody overwrites an edit they have not seen.
 */
export async function saveVersion(
  trx: DB,
  article: { id: string; orgId: string },
  actorId: string | null,
  content: ArticleContent,
  baseVersion: number | null,
): Promise<number | 'stale'> {
  const locked = await trx
    .selectFrom('kb_articles')
    .select('current_version')
    .where('id', '=', article.id)
    .where('org_id', '=', article.orgId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  if (baseVersion !== null && baseVersion !== locked.current_version) return 'stale'
  const version = locked.current_version + 1
  await trx
    .insertInto('kb_article_versions')
    .values({
      org_id: article.orgId,
      article_id: article.id,
      version,
      title: content.title,
      body: content.body,
      language: content.language,
      created_by: actorId,
    })
    .execute()
  await trx
    .updateTable('kb_articles')
    .set({
      title: content.title,
      body: content.body,
      language: content.language,
      category_id: content.categoryId,
      shared: content.shared,
      current_version: version,
      updated_by: actorId,
      updated_at: new Date(),
    })
    .where('id', '=', article.id)
    .where('org_id', '=', article.orgId)
    .execute()
  await enqueueArticle(trx, article.orgId, article.id)
  return version
}

/** The category must belong to the article's own organisation. */
export async function categoryExists(db: DB, orgId: string, categoryId: string | null): Promise<boolean> {
  if (categoryId === null) return true
  const row = await db
    .selectFrom('kb_categories')
    .select('id')
    .where('id', '=', categoryId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row !== undefined
}

export async function userNames(db: DB, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}
