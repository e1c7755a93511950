import { type EnqueuedTask, Meilisearch } from 'meilisearch'
import { INTERNAL_ROLES } from '../../schema/policy.ts'
import {
  decodeCursor,
  encodeCursor,
  HIGHLIGHT,
  type RecordType,
  type SearchAdapter,
  type Searcher,
  type SearchQuery,
  type SearchRecord,
  stripMarks,
  toSnippet,
} from './types.ts'

/**
 * Meilisearch, the production engine. Filtering by organisation and visibility happens in the
 * engine with the filter built here on the server from the policy's reach, never by a client;
 * the API holds the key. Document ids are base64url of the record id (Meilisearch allows only
 * [A-Za-z0-9_-] in ids).
 */
interface MeiliDoc {
  docId: string
  id: string
  orgId: string
  type: RecordType
  entityId: string
  title: string
  body: string
  url: string
  language: string
  updatedAt: number
  visAll: boolean
  visRoles: string[]
  visBuilding: string | null
  visParticipants: string[]
  visInternal: boolean
  authorId: string | null
}

const FI_STOP_WORDS = ['ja', 'on', 'ei', 'se', 'että', 'tai', 'kun', 'niin', 'mutta', 'jos', 'ovat', 'oli']
const SV_STOP_WORDS = ['och', 'att', 'det', 'som', 'en', 'ett', 'är', 'på', 'för', 'med', 'till', 'av']

const docIdOf = (id: string) => Buffer.from(id).toString('base64url')
const quote = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`

/** The searcher's reach as a Meilisearch filter: exactly `audienceAdmits` of schema/policy.ts. */
export function meiliVisibilityFilter(searcher: Searcher): string {
  const guests = searcher.guestOrgs ?? []
  if (searcher.reach.length === 0 && guests.length === 0) return 'orgId IN []'
  const guestClause =
    guests.length > 0
      ? [`(orgId IN ${list(guests)} AND visInternal = false AND visParticipants = ${quote(searcher.userId)})`]
      : []
  const clauses = searcher.reach.map((reach) => {
    const internal = reach.roles.some((r) => INTERNAL_ROLES.includes(r))
    const roles =
      reach.roles.length > 0 ? `visAll = true OR visRoles IN ${list(reach.roles)}` : 'visAll = true'
    const building =
      reach.buildings === null
        ? ''
        : reach.buildings.length > 0
          ? ` AND (visBuilding IS NULL OR visBuilding IN ${list(reach.buildings)})`
          : ' AND visBuilding IS NULL'
    return `(orgId = ${quote(reach.orgId)}${internal ? '' : ' AND visInternal = false'} AND (visParticipants = ${quote(searcher.userId)} OR ((${roles})${building})))`
  })
  const admitted = [...clauses, ...guestClause].join(' OR ')
  const hidden = searcher.hidden ?? []
  return hidden.length > 0 ? `(${admitted}) AND NOT id IN ${list(hidden)}` : admitted
}

export function createMeiliSearch(opts: { url: string; key: string; index?: string }): SearchAdapter {
  const client = new Meilisearch({ host: opts.url, apiKey: opts.key })
  const index = client.index<MeiliDoc>(opts.index ?? 'kotipiha')
  let last: EnqueuedTask | null = null
  const track = async (task: Promise<EnqueuedTask>) => {
    last = await task
  }

  const toDoc = (r: SearchRecord): MeiliDoc => ({
    docId: docIdOf(r.id),
    id: r.id,
    orgId: r.orgId,
    type: r.type,
    entityId: r.entityId,
    title: stripMarks(r.title),
    body: stripMarks(r.body).slice(0, 100_000),
    url: r.url,
    language: r.language,
    updatedAt: r.updatedAt.getTime(),
    visAll: r.visibility.roles === 'members',
    visRoles: r.visibility.roles === 'members' ? [] : [...r.visibility.roles],
    visBuilding: r.visibility.buildingId,
    visParticipants: [...r.visibility.participants],
    visInternal: r.visibility.internal,
    authorId: r.authorId ?? null,
  })

  return {
    name: 'meilisearch',
    async init() {
      await client.createIndex(index.uid, { primaryKey: 'docId' }).waitTask()
      await index
        .updateSettings({
          searchableAttributes: ['title', 'body'],
          filterableAttributes: [
            // The record id: a searcher's `hidden` records are filtered out by it.
            'id',
            'orgId',
            'type',
            'visAll',
            'visRoles',
            'visBuilding',
            'visParticipants',
            'visInternal',
            'authorId',
            'updatedAt',
          ],
          sortableAttributes: ['updatedAt'],
          stopWords: [...FI_STOP_WORDS, ...SV_STOP_WORDS],
          typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
        })
        .waitTask()
    },
    async upsert(records) {
      if (records.length > 0) await track(index.addDocuments(records.map(toDoc)))
    },
    async delete(ids) {
      if (ids.length > 0) await track(index.deleteDocuments(ids.map(docIdOf)))
    },
    async clear(types) {
      if (types && types.length > 0) await track(index.deleteDocuments({ filter: `type IN ${list(types)}` }))
      else await track(index.deleteAllDocuments())
    },
    async settle() {
      if (last) await client.tasks.waitForTask(last.taskUid, { timeout: 30_000 })
    },
    async search(query: SearchQuery) {
      const offset = decodeCursor(query.cursor)
      const filters = [`(${meiliVisibilityFilter(query.searcher)})`]
      if (query.types && query.types.length > 0) filters.push(`type IN ${list(query.types)}`)
      // Dates as epoch milliseconds, the author as a quoted id: nothing from the caller is raw.
      if (query.from) filters.push(`updatedAt >= ${query.from.getTime()}`)
      if (query.to) filters.push(`updatedAt < ${query.to.getTime()}`)
      if (query.authorId) filters.push(`authorId = ${quote(query.authorId)}`)
      const res = await index.search(query.text, {
        filter: filters.join(' AND '),
        offset,
        limit: query.limit + 1,
        attributesToHighlight: ['title', 'body'],
        attributesToCrop: ['body'],
        cropLength: 24,
        highlightPreTag: HIGHLIGHT.open,
        highlightPostTag: HIGHLIGHT.close,
        showRankingScore: true,
      })
      const hits = res.hits.slice(0, query.limit).map((h) => {
        const formatted = h._formatted
        const body = typeof formatted?.body === 'string' ? formatted.body : ''
        const title = typeof formatted?.title === 'string' ? formatted.title : h.title
        return {
          id: h.id,
          orgId: h.orgId,
          type: h.type,
          entityId: h.entityId,
          title: h.title,
          snippet: toSnippet(body.includes(HIGHLIGHT.open) || !title.includes(HIGHLIGHT.open) ? body : title),
          url: h.url,
          score: h._rankingScore ?? 0,
          updatedAt: new Date(h.updatedAt),
          authorId: h.authorId ?? null,
        }
      })
      return { hits, nextCursor: res.hits.length > query.limit ? encodeCursor(offset + query.limit) : null }
    },
  }
}
