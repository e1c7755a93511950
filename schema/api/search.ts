import { z } from 'zod'
import { Uuid } from './common.ts'

export const SEARCH_TYPES = [
  'person',
  'message',
  'document',
  'folder',
  'case',
  'task',
  'booking',
  'article',
  'material',
  /** Invoices by reference number, invoice number or payer, for finance staff (not indexed). */
  'invoice',
] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

/** A calendar day, `YYYY-MM-DD`; the range is whole days in UTC. */
const Day = z.iso.date('A date as YYYY-MM-DD.')

export const SearchQuery = z
  .strictObject({
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
    /** Last changed on or after this day. */
    from: Day.optional(),
    /** Last changed on or before this day. */
    to: Day.optional(),
    /** Written by this user (a message's author, a document's uploader, a case's reporter). */
    author: Uuid.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'The start date must not be after the end date.',
    path: ['to'],
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
  /** When it last changed (ISO 8601). */
  updatedAt: string
  author: { id: string; name: string } | null
}

export interface SearchResponse {
  results: SearchResult[]
  nextCursor: string | null
}
