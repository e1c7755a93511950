import { z } from 'zod'
import { Uuid } from './common.ts'

export const SEARCH_TYPES = [
  'person',
  'message',
  'document',
  'folder',
  'case',
  'task',
  'article',
  'material',
] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'Type something to search for.').max(200),
  /** Comma-separated types, e.g. `document,message`. */
  types: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter((t) => t !== '') : undefined))
    .pipe(z.array(z.enum(SEARCH_TYPES)).max(SEARCH_TYPES.length).optional()),
  org: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(100).optional(),
})

export interface SearchResult {
  id: string
  type: SearchType
  title: string
  /** HTML-escaped text with matches in `<mark>…</mark>`: safe to render as HTML. */
  snippet: string
  orgId: string
  orgName: string
  url: string
}

export interface SearchResponse {
  results: SearchResult[]
  nextCursor: string | null
}
