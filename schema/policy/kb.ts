import type { OrgKind, Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

// Knowledge base (articles) and partner materials: the rules (hooked into can() in schema/policy.ts).

export type KbAction = 'kb.read' | 'kb.author'
export const KB_ACTIONS: readonly KbAction[] = ['kb.read', 'kb.author']

/**
 * Who writes an organisation's articles: a cooperative's board and the management company's
 * people who run it; a management company's own staff (their articles may be shared with every
 * cooperative the company manages). Everyone else who belongs reads what is published.
 */
export const KB_AUTHORS: Readonly<Partial<Record<OrgKind, readonly Role[]>>> = {
  housing_cooperative: ['board_member', 'property_manager', 'org_admin'],
  management_company: ['property_manager', 'org_admin'],
}

/** An article as stored. */
export interface ArticleFacts {
  readonly shared: boolean
  readonly published: boolean
  readonly deleted: boolean
}

/**
 * `org` is the organisation that owns the article (from its row); `via` the cooperative it is
 * read in when that is not the owner (a shared article of the company that manages it), also
 * from its row. `article: null` asks about the organisation's knowledge base as a whole.
 */
export type ArticleResource = {
  type: 'article'
  org: OrgRef
  via: OrgRef | null
  article: ArticleFacts | null
}

export function canOnArticle(p: Principal, action: KbAction, resource: ArticleResource): boolean {
  if (!(KB_ACTIONS as readonly string[]).includes(action)) return false
  const { org, via, article } = resource
  const authors = KB_AUTHORS[org.kind]
  if (!authors) return false
  if (isPlatformAdmin(p)) return true
  const roles = rolesIn(p, org)
  const author = hasAny(roles, authors)
  if (action === 'kb.author') return author && !article?.deleted
  if (article === null) return roles.size > 0
  if (article.deleted) return false
  if (!article.published) return author
  if (roles.size > 0) return true
  // A shared article reaches the members of every cooperative its company manages.
  return (
    article.shared &&
    org.kind === 'management_company' &&
    org.status === 'active' &&
    via !== null &&
    via.kind === 'housing_cooperative' &&
    via.managedBy === org.id &&
    rolesIn(p, via).size > 0
  )
}

export type MaterialAction = 'materials.manage' | 'materials.read'
export const MATERIAL_ACTIONS: readonly MaterialAction[] = ['materials.manage', 'materials.read']

/** Who publishes partner materials: the management company's staff, or a cooperative's board. */
export const MATERIAL_PUBLISHERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
/** The kinds of organisation products can be granted to. */
export const PARTNER_KINDS: readonly OrgKind[] = ['partner_company', 'investor_portfolio']

/**
 * `org` is the publisher (from its row). `partner` is the partner organisation the caller reads
 * as (from its row) and `granted` whether the product is granted to it (from its grant row):
 * every member of a granted partner company reads the product's materials, nobody else does.
 */
export type MaterialResource = {
  type: 'materials'
  org: OrgRef
  partner: OrgRef | null
  granted: boolean
}

export function canOnMaterials(p: Principal, action: MaterialAction, resource: MaterialResource): boolean {
  if (!(MATERIAL_ACTIONS as readonly string[]).includes(action)) return false
  const { org, partner, granted } = resource
  if (!KB_AUTHORS[org.kind]) return false
  if (isPlatformAdmin(p)) return true
  const publisher = hasAny(rolesIn(p, org), MATERIAL_PUBLISHERS)
  if (action === 'materials.manage') return publisher
  if (publisher) return true
  return (
    granted &&
    org.status === 'active' &&
    partner !== null &&
    PARTNER_KINDS.includes(partner.kind) &&
    rolesIn(p, partner).size > 0
  )
}
