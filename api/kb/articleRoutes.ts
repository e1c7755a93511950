import type { Context } from 'hono'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ArticleCreateBody, ArticleParams, ArticleSaveBody, KbOrgParam } from '../../schema/api/kb.ts'
import { AppError } from '../../schema/errors.ts'
import type { OrgRef } from '../../schema/policy.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { articleFor, demandAuthor, kbOrg } from './access.ts'
import {
  type ArticleContent,
  categoryExists,
  createArticle,
  enqueueArticle,
  saveVersion,
} from './repository.ts'

/**
 * Writing articles: create (a draft), save (a new version), publish, unpublish, delete. Only
 * authors of the article's own organisation; publish, unpublish and delete are audited.
 */
export const kbArticleRoutes = new Hono<AppEnv>()
type Ctx = Context<AppEnv>

async function checkContent(c: Ctx, org: OrgRef, content: ArticleContent) {
  if (content.shared && org.kind !== 'management_company') {
    throw new AppError('validation_failed', 'shared: only a management company shares articles.')
  }
  if (!(await categoryExists(c.get('deps').db, org.id, content.categoryId))) {
    throw new AppError('validation_failed', 'categoryId: no such category in this organisation.')
  }
}

kbArticleRoutes.post(
  '/:orgId/articles',
  describeRoute({ summary: 'Write a new article (a draft until published)', tags: ['kb'] }),
  valid('param', KbOrgParam),
  valid('json', ArticleCreateBody),
  async (c) => {
    const org = await kbOrg(c, c.req.valid('param').orgId)
    demandAuthor(c, org)
    const content = c.req.valid('json')
    await checkContent(c, org, content)
    const actorId = c.get('session').userId
    const id = await c
      .get('deps')
      .db.transaction()
      .execute((trx) => createArticle(trx, org.id, actorId, content))
    return c.json({ id, version: 1 }, 201)
  },
)

kbArticleRoutes.put(
  '/:orgId/articles/:articleId',
  describeRoute({
    summary: 'Save an article: a new version; 409 when it was saved by someone else meanwhile',
    tags: ['kb'],
  }),
  valid('param', ArticleParams),
  valid('json', ArticleSaveBody),
  async (c) => {
    const { orgId, articleId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    await articleFor(c, org, articleId, 'kb.author')
    const { baseVersion, ...content } = c.req.valid('json')
    await checkContent(c, org, content)
    const actorId = c.get('session').userId
    const version = await c
      .get('deps')
      .db.transaction()
      .execute((trx) => saveVersion(trx, { id: articleId, orgId: org.id }, actorId, content, baseVersion))
    if (version === 'stale') {
      throw new AppError(
        'conflict',
        'Someone saved this article after you opened it. Reload to see their version.',
      )
    }
    return c.json({ id: articleId, version })
  },
)

function statusRoute(status: 'draft' | 'published') {
  return async (c: Ctx) => {
    const { orgId, articleId } = ArticleParams.parse(c.req.param())
    const org = await kbOrg(c, orgId)
    const { article } = await articleFor(c, org, articleId, 'kb.author')
    const actorId = c.get('session').userId
    if (article.status !== status) {
      await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('kb_articles')
            .set({ status, published_at: status === 'published' ? new Date() : null })
            .where('id', '=', articleId)
            .where('org_id', '=', org.id)
            .execute()
          await audit(trx, {
            orgId: org.id,
            actorId,
            action: status === 'published' ? 'kb.article.published' : 'kb.article.unpublished',
            targetType: 'kb_article',
            targetId: articleId,
            details: { title: article.title, version: article.current_version, shared: article.shared },
          })
          await enqueueArticle(trx, org.id, articleId)
        })
    }
    return c.json({ id: articleId, status })
  }
}

kbArticleRoutes.post(
  '/:orgId/articles/:articleId/publish',
  describeRoute({ summary: 'Publish an article to its readers (audited)', tags: ['kb'] }),
  valid('param', ArticleParams),
  statusRoute('published'),
)
kbArticleRoutes.post(
  '/:orgId/articles/:articleId/unpublish',
  describeRoute({ summary: 'Back to a draft only its authors see (audited)', tags: ['kb'] }),
  valid('param', ArticleParams),
  statusRoute('draft'),
)

kbArticleRoutes.delete(
  '/:orgId/articles/:articleId',
  describeRoute({ summary: 'Delete an article (kept with its versions, audited)', tags: ['kb'] }),
  valid('param', ArticleParams),
  async (c) => {
    const { orgId, articleId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    const { article } = await articleFor(c, org, articleId, 'kb.author')
    const actorId = c.get('session').userId
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('kb_articles')
          .set({ deleted_at: new Date(), deleted_by: actorId })
          .where('id', '=', articleId)
          .where('org_id', '=', org.id)
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'kb.article.deleted',
          targetType: 'kb_article',
          targetId: articleId,
          details: { title: article.title, version: article.current_version },
        })
        await enqueueArticle(trx, org.id, articleId)
      })
    return c.body(null, 204)
  },
)
