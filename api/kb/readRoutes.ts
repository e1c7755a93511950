import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  type ArticleDetail,
  ArticleListQuery,
  type ArticleListResponse,
  ArticleParams,
  type ArticleSummary,
  KbOrgParam,
  RenderBody,
} from '../../schema/api/kb.ts'
import { can, type OrgRef } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { loadMarkdown, type Markdown } from '../../server/kb/markdown.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { articleFacts, articleFor, demandAuthor, kbOrg } from './access.ts'
import type { ArticleRow } from './repository.ts'
import { userNames } from './repository.ts'

/** Reading the knowledge base: the list of an organisation (with shared articles), one article. */
export const kbReadRoutes = new Hono<AppEnv>()

const summary = (md: Markdown, a: ArticleRow, orgName: string): ArticleSummary => ({
  id: a.id,
  orgId: a.org_id,
  orgName,
  title: a.title,
  excerpt: md.excerpt(a.body),
  categoryId: a.category_id,
  status: a.status,
  shared: a.shared,
  language: a.language,
  updatedAt: a.updated_at.toISOString(),
})

kbReadRoutes.get(
  '/:orgId/articles',
  describeRoute({
    summary:
      'Articles of an organisation the caller may read, with the shared ones of its management company',
    tags: ['kb'],
  }),
  valid('param', KbOrgParam),
  valid('query', ArticleListQuery),
  async (c) => {
    const org = await kbOrg(c, c.req.valid('param').orgId)
    const { q, category } = c.req.valid('query')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const manager: OrgRef | null = org.managedBy ? await loadOrgRef(db, org.managedBy) : null
    const owners = manager ? [org.id, manager.id] : [org.id]
    const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null
    const rows = await db
      .selectFrom('kb_articles')
      .selectAll()
      .where('org_id', 'in', owners)
      .where('deleted_at', 'is', null)
      .$if(category !== undefined, (qb) => qb.where('category_id', '=', category ?? null))
      .$if(pattern !== null, (qb) =>
        qb.where((eb) =>
          eb.or([eb(sql`title`, 'ilike', pattern ?? ''), eb(sql`body`, 'ilike', pattern ?? '')]),
        ),
      )
      .orderBy('title')
      .limit(500)
      .execute()
    const visible = rows.filter((a) => {
      const own = a.org_id === org.id
      const owner = own ? org : manager
      if (!owner) return false
      // The managing company's drafts and unshared articles stay in the company.
      if (!own && !(a.shared && a.status === 'published')) return false
      return can(principal, 'kb.read', {
        type: 'article',
        org: owner,
        via: own ? null : org,
        article: articleFacts(a),
      })
    })
    const names = await db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', 'in', owners)
      .execute()
    const nameOf = new Map(names.map((n) => [n.id, n.name]))
    const usedCategories = [...new Set(visible.map((a) => a.category_id).filter((id) => id !== null))]
    const categories = await db
      .selectFrom('kb_categories')
      .select(['id', 'org_id', 'name'])
      .where((eb) =>
        usedCategories.length > 0
          ? eb.or([eb('org_id', '=', org.id), eb('id', 'in', usedCategories)])
          : eb('org_id', '=', org.id),
      )
      .orderBy('position')
      .orderBy('name')
      .execute()
    const md = await loadMarkdown()
    const body: ArticleListResponse = {
      articles: visible.map((a) => summary(md, a, nameOf.get(a.org_id) ?? '')),
      categories: categories.map((k) => ({ id: k.id, orgId: k.org_id, name: k.name })),
      canAuthor: can(principal, 'kb.author', { type: 'article', org, via: null, article: null }),
      canShare: org.kind === 'management_company',
    }
    return c.json(body)
  },
)

kbReadRoutes.get(
  '/:orgId/articles/:articleId',
  describeRoute({ summary: 'One article, rendered to sanitised HTML', tags: ['kb'] }),
  valid('param', ArticleParams),
  async (c) => {
    const { orgId, articleId } = c.req.valid('param')
    const org = await kbOrg(c, orgId)
    const { article, owner, via } = await articleFor(c, org, articleId, 'kb.read')
    const { db } = c.get('deps')
    const canEdit =
      via === null &&
      can(c.get('principal'), 'kb.author', {
        type: 'article',
        org: owner,
        via: null,
        article: articleFacts(article),
      })
    const [ownerRow, names] = await Promise.all([
      db.selectFrom('organisations').select('name').where('id', '=', owner.id).executeTakeFirst(),
      userNames(db, [article.updated_by]),
    ])
    const md = await loadMarkdown()
    const detail: ArticleDetail = {
      ...summary(md, article, ownerRow?.name ?? ''),
      body: canEdit ? article.body : null,
      html: md.render(article.body),
      version: article.current_version,
      updatedByName: article.updated_by ? (names.get(article.updated_by) ?? null) : null,
      canEdit,
    }
    return c.json(detail)
  },
)

kbReadRoutes.post(
  '/:orgId/render',
  describeRoute({ summary: "The editor's preview: Markdown to sanitised HTML", tags: ['kb'] }),
  valid('param', KbOrgParam),
  valid('json', RenderBody),
  async (c) => {
    const org = await kbOrg(c, c.req.valid('param').orgId)
    demandAuthor(c, org)
    return c.json({ html: (await loadMarkdown()).render(c.req.valid('json').body) })
  },
)
