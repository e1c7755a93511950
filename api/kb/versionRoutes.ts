import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  ArticleParams,
  type ArticleVersionDetail,
  ArticleVersionParams,
  type ArticleVersionSummary,
} from '../../schema/api/kb.ts'
import { notFound } from '../../schema/errors.ts'
import { loadMarkdown } from '../../server/kb/markdown.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { articleFor, kbOrg } from './access.ts'
import { saveVersion, userNames } from './repository.ts'

/**
 * Versions of an article: every save is kept (who, when). Authors list them, open any of them
 * and restore one, which saves its content as a new version, so nothing is ever overwritten.
 */
export const kbVersionRoutes = new Hono<AppEnv>()

kbVersionRoutes.get(
  '/:orgId/articles/:articleId/versions',
  describeRoute({ summary: 'Every version of an article, newest first', tags: ['kb'] }),
  valid('param', ArticleParams),
  async (c) => {
    const { orgId, articleId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    const { article } = await articleFor(c, org, articleId, 'kb.author')
    const { db } = c.get('deps')
    const rows = await db
      .selectFrom('kb_article_versions')
      .select(['version', 'title', 'created_at', 'created_by'])
      .where('article_id', '=', articleId)
      .where('org_id', '=', org.id)
      .orderBy('version', 'desc')
      .execute()
    const names = await userNames(
      db,
      rows.map((r) => r.created_by),
    )
    const versions: ArticleVersionSummary[] = rows.map((r) => ({
      version: r.version,
      title: r.title,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      createdByName: r.created_by ? (names.get(r.created_by) ?? null) : null,
      current: r.version === article.current_version,
    }))
    return c.json({ versions })
  },
)

async function loadVersion(
  db: AppEnv['Variables']['deps']['db'],
  orgId: string,
  articleId: string,
  version: number,
) {
  const row = await db
    .selectFrom('kb_article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('org_id', '=', orgId)
    .where('version', '=', version)
    .executeTakeFirst()
  if (!row) throw notFound('That version')
  return row
}

kbVersionRoutes.get(
  '/:orgId/articles/:articleId/versions/:version',
  describeRoute({ summary: 'One old version, its Markdown and sanitised HTML', tags: ['kb'] }),
  valid('param', ArticleVersionParams),
  async (c) => {
    const { orgId, articleId, version } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    await articleFor(c, org, articleId, 'kb.author')
    const { db } = c.get('deps')
    const row = await loadVersion(db, org.id, articleId, version)
    const names = await userNames(db, [row.created_by])
    const detail: ArticleVersionDetail = {
      version: row.version,
      title: row.title,
      body: row.body,
      html: (await loadMarkdown()).render(row.body),
      createdAt: row.created_at.toISOString(),
      createdByName: row.created_by ? (names.get(row.created_by) ?? null) : null,
    }
    return c.json(detail)
  },
)

kbVersionRoutes.post(
  '/:orgId/articles/:articleId/versions/:version/restore',
  describeRoute({
    summary: 'Restore an old version: it becomes a new current version (audited)',
    tags: ['kb'],
  }),
  valid('param', ArticleVersionParams),
  async (c) => {
    const { orgId, articleId, version } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    const { article } = await articleFor(c, org, articleId, 'kb.author')
    const { db } = c.get('deps')
    const old = await loadVersion(db, org.id, articleId, version)
    const actorId = c.get('session').userId
    const saved = await db.transaction().execute(async (trx) => {
      const next = await saveVersion(
        trx,
        { id: articleId, orgId: org.id },
        actorId,
        {
          title: old.title,
          body: old.body,
          language: old.language,
          categoryId: article.category_id,
          shared: article.shared,
        },
        null,
      )
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'kb.article.restored',
        targetType: 'kb_article',
        targetId: articleId,
        details: { restoredVersion: version, newVersion: next },
      })
      return next
    })
    return c.json({ id: articleId, version: saved })
  },
)
