import { z } from 'zod'
import { LANGUAGES } from '../roles.ts'
import { Uuid } from './common.ts'

/** Knowledge-base requests (api/kb) and the shapes the client receives. */

const Title = z.string().trim().min(1, 'Required.').max(200)
/** Markdown source; rendered and sanitised by the server. */
const Body = z.string().max(100_000, 'At most 100 000 characters.')
const CategoryName = z.string().trim().min(1, 'Required.').max(100)

export const KbOrgParam = z.strictObject({ orgId: Uuid })
export const ArticleParams = z.strictObject({ orgId: Uuid, articleId: Uuid })
export const ArticleVersionParams = z.strictObject({
  orgId: Uuid,
  articleId: Uuid,
  version: z.coerce.number().int().min(1).max(100_000),
})
export const CategoryParams = z.strictObject({ orgId: Uuid, categoryId: Uuid })

export const ArticleListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  category: Uuid.optional(),
})

export const ArticleCreateBody = z.strictObject({
  title: Title,
  body: Body.default(''),
  categoryId: Uuid.nullable().default(null),
  language: z.enum(LANGUAGES).default('fi'),
  /** Only a management company's articles can be shared with the cooperatives it manages. */
  shared: z.boolean().default(false),
})

/** A save: the whole article as the editor holds it, and the version it was based on. */
export const ArticleSaveBody = ArticleCreateBody.extend({
  baseVersion: z.number().int().min(1),
})

export const RenderBody = z.strictObject({ body: Body })
export const CategoryBody = z.strictObject({ name: CategoryName })

export type ArticleStatus = 'draft' | 'published'

export interface KbCategory {
  id: string
  orgId: string
  name: string
}

export interface ArticleSummary {
  id: string
  /** The organisation that owns it (the management company for a shared article). */
  orgId: string
  orgName: string
  title: string
  excerpt: string
  categoryId: string | null
  status: ArticleStatus
  shared: boolean
  language: (typeof LANGUAGES)[number]
  updatedAt: string
}

export interface ArticleListResponse {
  articles: ArticleSummary[]
  categories: KbCategory[]
  /** Whether the caller writes this organisation's articles. */
  canAuthor: boolean
  /** Whether this organisation's articles can be shared (a management company). */
  canShare: boolean
}

export interface ArticleDetail extends ArticleSummary {
  /** Markdown source: only for those who may edit it. */
  body: string | null
  /** Sanitised HTML. */
  html: string
  version: number
  updatedByName: string | null
  /** Whether the caller may edit it here (its own organisation, as an author). */
  canEdit: boolean
}

export interface ArticleVersionSummary {
  version: number
  title: string
  createdAt: string
  createdBy: string | null
  createdByName: string | null
  current: boolean
}

export interface ArticleVersionDetail {
  version: number
  title: string
  body: string
  html: string
  createdAt: string
  createdByName: string | null
}
