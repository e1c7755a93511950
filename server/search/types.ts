import type { Audience, OrgReach } from '../../schema/policy.ts'
import type { Language } from '../../schema/roles.ts'

/**
 * The one search interface. Postgres full-text search (the embedded default) and Meilisearch
 * (production) implement it; `contract.ts` is the single suite both must pass.
 */

export const RECORD_TYPES = [
  'person',
  'message',
  'document',
  'folder',
  'case',
  'task',
  'booking',
  'article',
  'material',
] as const
export type RecordType = (typeof RECORD_TYPES)[number]

/** One searchable thing. `id` is `<type>:<entityId>` and unique across organisations. */
export interface SearchRecord {
  readonly id: string
  readonly orgId: string
  readonly type: RecordType
  readonly entityId: string
  readonly title: string
  readonly body: string
  readonly language: Language
  /** Where the client opens it, relative to the app root. */
  readonly url: string
  readonly updatedAt: Date
  readonly visibility: Audience
  /** Who wrote it (a message's author, a document's uploader, a case's reporter), if anyone. */
  readonly authorId?: string | null
}

/** Who is searching: their reach in each organisation they may search (from the policy). */
export interface Searcher {
  readonly userId: string
  readonly reach: readonly OrgReach[]
  /**
   * Organisations where the searcher holds no role but is named on records (a contractor
   * assigned to a case of a cooperative): there they find only non-internal records whose
   * participants include them.
   */
  readonly guestOrgs?: readonly string[]
  /**
   * Record ids the searcher never finds, whatever their audience says: the records of cases that
   * name them (reporter, assignee, participant) but that the policy no longer lets them read, e.g.
   * after their removal from the company they were added through. The indexed audience lists
   * people by id and is only rewritten when the case changes; membership is decided at query time.
   */
  readonly hidden?: readonly string[]
}

export interface SearchQuery {
  readonly text: string
  readonly searcher: Searcher
  readonly types?: readonly RecordType[] | undefined
  /** Only records last changed at or after `from` and before `to`. */
  readonly from?: Date | undefined
  readonly to?: Date | undefined
  /** Only records written by this user. */
  readonly authorId?: string | undefined
  readonly limit: number
  /** Opaque, from a previous answer's `nextCursor`. */
  readonly cursor?: string | undefined
}

export interface SearchHit {
  readonly id: string
  readonly orgId: string
  readonly type: RecordType
  readonly entityId: string
  readonly title: string
  /**
   * An excerpt around the matches: HTML-escaped text in which each match is wrapped in
   * `<mark>…</mark>`. Nothing else in it is markup, so the client may render it as HTML.
   */
  readonly snippet: string
  readonly url: string
  readonly score: number
  readonly updatedAt: Date
  readonly authorId: string | null
}

export interface SearchPage {
  readonly hits: readonly SearchHit[]
  readonly nextCursor: string | null
}

export interface SearchAdapter {
  readonly name: 'postgres' | 'meilisearch'
  /** Creates indexes and settings; idempotent. */
  init(): Promise<void>
  /** Insert or replace by id; applying the same record twice changes nothing. */
  upsert(records: readonly SearchRecord[]): Promise<void>
  /** Delete by id; deleting what is not there is not an error. */
  delete(ids: readonly string[]): Promise<void>
  /** Removes every record of these types (all when omitted): the start of a reindex. */
  clear(types?: readonly RecordType[]): Promise<void>
  search(query: SearchQuery): Promise<SearchPage>
  /** Resolves when what was written so far is searchable (Meilisearch indexes asynchronously). */
  settle(): Promise<void>
}

export const recordId = (type: RecordType, entityId: string) => `${type}:${entityId}`

const MARK_OPEN = '\u0001'
const MARK_CLOSE = '\u0002'
/** Engines highlight with these control characters; `toSnippet` turns them into safe markup. */
export const HIGHLIGHT = { open: MARK_OPEN, close: MARK_CLOSE } as const

export function toSnippet(raw: string): string {
  const escaped = raw
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
  return escaped.replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>')
}

/** Removes the highlight characters from indexed text, so a record cannot forge a highlight. */
export const stripMarks = (text: string) => text.replaceAll(MARK_OPEN, '').replaceAll(MARK_CLOSE, '')

/** An offset cursor, opaque to clients. */
export const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url')
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? Number(match[1]) : 0
}
