import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { type ArticleFacts, can, type KbAction, type OrgRef } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { AppEnv } from '../http/context.ts'
import { type ArticleRow, loadArticle } from './repository.ts'

/**
 * Every knowledge-base route works "in" an organisation (the one in the URL): its own articles,
 * and in a cooperative also the shared articles of the company that manages it. Organisations
 * and articles are loaded from their rows and judged by the one policy; someone who may not
 * read gets 404, so neither an organisation nor a draft leaks its existence.
 */
type Ctx = Context<AppEnv>

export const articleFacts = (a: Pick<ArticleRow, 'shared' | 'status' | 'deleted_at'>): ArticleFacts => ({
  shared: a.shared,
  published: a.status === 'published',
  deleted: a.deleted_at !== null,
})

/** The organisation of the URL, when the caller may read its knowledge base. */
export async function kbOrg(c: Ctx, orgId: string): Promise<OrgRef> {
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (!org || !can(c.get('principal'), 'kb.read', { type: 'article', org, via: null, article: null })) {
    throw notFound('The organisation')
  }
  return org
}

/** The caller writes this organisation's articles, or gets 403. */
export function demandAuthor(c: Ctx, org: OrgRef): void {
  if (!can(c.get('principal'), 'kb.author', { type: 'article', org, via: null, article: null })) {
    throw new AppError('forbidden', 'Your role does not allow writing articles here.')
  }
}

export interface ArticleInContext {
  article: ArticleRow
  /** The organisation that owns the article. */
  owner: OrgRef
  /** The cooperative it is read in, when that is not its owner. */
  via: OrgRef | null
}

/**
 * An article as seen from the organisation `org`: its own, or a shared one of its managing
 * company. `action` decides: a reader who cannot see it gets 404; a reader who may see it but
 * not do `action` gets 403.
 */
export async function articleFor(
  c: Ctx,
  org: OrgRef,
  articleId: string,
  action: KbAction,
): Promise<ArticleInContext> {
  const { db } = c.get('deps')
  const article = await loadArticle(db, articleId)
  if (!article) throw notFound('The article')
  let owner: OrgRef | null = null
  let via: OrgRef | null = null
  if (article.org_id === org.id) owner = org
  else if (org.managedBy !== null && article.org_id === org.managedBy) {
    owner = await loadOrgRef(db, article.org_id)
    via = org
  }
  if (!owner) throw notFound('The article')
  const principal = c.get('principal')
  const resource = { type: 'article', org: owner, via, article: articleFacts(article) } as const
  if (!can(principal, 'kb.read', resource)) throw notFound('The article')
  // Editing happens in the owner's own knowledge base, never through a cooperative's view.
  if (action === 'kb.author' && (via !== null || !can(principal, 'kb.author', resource))) {
    throw new AppError('forbidden', 'Your role does not allow editing this article.')
  }
  return { article, owner, via }
}
