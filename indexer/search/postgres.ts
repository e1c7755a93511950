import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely'
import type { DB } from '../../api/db/connect.ts'
import {
  decodeCursor,
  encodeCursor,
  HIGHLIGHT,
  type RecordType,
  type SearchAdapter,
  type Searcher,
  type SearchHit,
  type SearchPage,
  type SearchQuery,
  type SearchRecord,
  stripMarks,
  toSnippet,
} from './types.ts'
import { queryWords, words } from './words.ts'

/**
 * Postgres full-text search: the embedded default. The vector (stemmed in the record's language
 * plus 'simple' lexemes for prefixes) is derived by a trigger (0004_documents_search). A query
 * word matches its stem in Finnish, Swedish or English, its prefix while being typed, and up to
 * three similar words from the lexicon (pg_trgm) for typos; exact matches rank higher.
 */
export const MAX_BODY = 100_000
const TYPO_SIMILARITY = 0.45
/**
 * Ranking is done over at most this many matches. A two-letter prefix can match most of a large
 * index; ranking all of it would cost seconds, and the next keystroke narrows it anyway.
 */
const MAX_CANDIDATES = 2000
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT.open}, StopSel=${HIGHLIGHT.close}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`

export function createPostgresSearch(db: DB): SearchAdapter {
  // Words known to be in the lexicon already, so a busy indexer does not rewrite them.
  const known = new Set<string>()

  async function rememberWords(records: readonly SearchRecord[]) {
    const fresh = new Set<string>()
    for (const r of records) {
      for (const w of words(`${r.title} ${r.body.slice(0, MAX_BODY)}`)) {
        if (w.length >= 4 && !known.has(w)) fresh.add(w)
      }
    }
    if (fresh.size === 0) return
    const list = [...fresh].sort()
    for (let i = 0; i < list.length; i += 5000) {
      const chunk = list.slice(i, i + 5000)
      await db
        .insertInto('search_lexicon')
        .values(chunk.map((word) => ({ word })))
        .onConflict((oc) => oc.column('word').doNothing())
        .execute()
    }
    if (known.size > 200_000) known.clear()
    for (const w of list) known.add(w)
  }

  return {
    name: 'postgres',
    async init() {
      // The tables and trigger come with the migrations.
    },
    async upsert(records) {
      if (records.length === 0) return
      // One row per id: the last wins, as if applied one after another.
      const byId = new Map(records.map((r) => [r.id, r]))
      const rows = [...byId.values()].map((r) => ({
        id: r.id,
        org_id: r.orgId,
        type: r.type,
        entity_id: r.entityId,
        title: stripMarks(r.title).slice(0, 500),
        body: stripMarks(r.body).slice(0, MAX_BODY),
        url: r.url,
        language: r.language,
        updated_at: r.updatedAt,
        vis_all: r.visibility.roles === 'members',
        vis_roles: r.visibility.roles === 'members' ? [] : [...r.visibility.roles],
        vis_building: r.visibility.buildingId,
        vis_participants: [...r.visibility.participants],
        vis_internal: r.visibility.internal,
      }))
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('search_records')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              org_id: eb.ref('excluded.org_id'),
              type: eb.ref('excluded.type'),
              entity_id: eb.ref('excluded.entity_id'),
              title: eb.ref('excluded.title'),
              body: eb.ref('excluded.body'),
              url: eb.ref('excluded.url'),
              language: eb.ref('excluded.language'),
              updated_at: eb.ref('excluded.updated_at'),
              vis_all: eb.ref('excluded.vis_all'),
              vis_roles: eb.ref('excluded.vis_roles'),
              vis_building: eb.ref('excluded.vis_building'),
              vis_participants: eb.ref('excluded.vis_participants'),
              vis_internal: eb.ref('excluded.vis_internal'),
            })),
          )
          .execute()
      }
      await rememberWords(records)
    },
    async delete(ids) {
      if (ids.length === 0) return
      await db
        .deleteFrom('search_records')
        .where('id', 'in', [...ids])
        .execute()
    },
    async clear(types) {
      let q = db.deleteFrom('search_records')
      if (types && types.length > 0) q = q.where('type', 'in', [...types])
      await q.execute()
    },
    async settle() {},
    search: (query) => searchPostgres(db, query),
  }
}

const textArray = (list: readonly string[]) =>
  list.length === 0 ? sql<string[]>`'{}'::text[]` : sql<string[]>`ARRAY[${sql.join(list)}]::text[]`
const uuidArray = (list: readonly string[]) =>
  list.length === 0 ? sql<string[]>`'{}'::uuid[]` : sql<string[]>`ARRAY[${sql.join(list)}]::uuid[]`

/** The searcher's reach as a WHERE clause: exactly `audienceAdmits` of schema/policy.ts. */
export function visibilityFilter(searcher: Searcher): RawBuilder<SqlBool> {
  // Organisations where the searcher's reach is the same share one clause (staff of fifty).
  const groups = new Map<string, { orgIds: string[]; reach: Searcher['reach'][number] }>()
  for (const reach of searcher.reach) {
    const key = JSON.stringify([
      [...reach.roles].sort(),
      reach.buildings ? [...reach.buildings].sort() : null,
    ])
    const group = groups.get(key)
    if (group) group.orgIds.push(reach.orgId)
    else groups.set(key, { orgIds: [reach.orgId], reach })
  }
  if (groups.size === 0) return sql<SqlBool>`false`
  const me = sql`ARRAY[${searcher.userId}]::text[]`
  const clauses = [...groups.values()].map(({ orgIds, reach }) => {
    const internal = reach.roles.some((r) => ['property_manager', 'accountant', 'org_admin'].includes(r))
    const building =
      reach.buildings === null
        ? sql`true`
        : sql`(vis_building IS NULL OR vis_building = ANY(${uuidArray(reach.buildings)}))`
    return sql`(org_id = ANY(${uuidArray(orgIds)}) AND ${internal ? sql`true` : sql`NOT vis_internal`} AND (
      vis_participants @> ${me} OR ((vis_all OR vis_roles && ${textArray(reach.roles)}) AND ${building})))`
  })
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`
}

const STEM_CONFIGS = ['finnish', 'swedish', 'english'] as const

function wordQuery(word: string, prefix: boolean, similar: readonly string[]) {
  const exact = [
    ...STEM_CONFIGS.map((cfg) => sql`plainto_tsquery(${cfg}::regconfig, ${word})`),
    sql`plainto_tsquery('simple', ${word})`,
  ]
  // Words hold letters and digits only, so the prefix operand cannot inject query syntax.
  if (prefix && word.length >= 2) exact.push(sql`to_tsquery('simple', ${`${word}:*`})`)
  const typos = similar.flatMap((w) => [
    ...STEM_CONFIGS.map((cfg) => sql`plainto_tsquery(${cfg}::regconfig, ${w})`),
    sql`plainto_tsquery('simple', ${w})`,
  ])
  return {
    exact: sql`(${sql.join(exact, sql` || `)})`,
    full: sql`(${sql.join([...exact, ...typos], sql` || `)})`,
  }
}

async function similarWords(db: DB, word: string): Promise<string[]> {
  if (word.length < 4) return []
  const rows = await sql<{ word: string }>`
    SELECT word FROM search_lexicon
    WHERE word % ${word} AND word <> ${word} AND similarity(word, ${word}) >= ${TYPO_SIMILARITY}
    ORDER BY similarity(word, ${word}) DESC, word LIMIT 3`.execute(db)
  return rows.rows.map((r) => r.word)
}

async function searchPostgres(db: DB, query: SearchQuery): Promise<SearchPage> {
  const { words: list, lastIsPrefix } = queryWords(query.text)
  if (list.length === 0 || query.searcher.reach.length === 0) return { hits: [], nextCursor: null }
  const offset = decodeCursor(query.cursor)
  const parts = await Promise.all(
    list.map(async (word, i) => {
      // A lone two-letter prefix matches most of a large index; wait for the third letter.
      const prefix = lastIsPrefix && i === list.length - 1 && (word.length >= 3 || list.length > 1)
      return wordQuery(word, prefix, await similarWords(db, word))
    }),
  )
  const full = sql.join(
    parts.map((p) => p.full),
    sql` && `,
  )
  const exact = sql.join(
    parts.map((p) => p.exact),
    sql` && `,
  )
  const types: Expression<SqlBool> =
    query.types && query.types.length > 0
      ? sql<SqlBool>`type = ANY(${textArray(query.types)})`
      : sql<SqlBool>`true`
  const rows = await sql<{
    id: string
    org_id: string
    type: RecordType
    entity_id: string
    title: string
    url: string
    score: number
    snippet: string
  }>`
    WITH q AS (SELECT ${full} AS full_q, ${exact} AS exact_q),
    candidates AS (
      SELECT r.id, r.org_id, r.type, r.entity_id, r.title, r.body, r.url, r.language, r.updated_at, r.tsv
      FROM search_records r, q
      WHERE r.tsv @@ q.full_q AND ${types} AND ${visibilityFilter(query.searcher)}
      LIMIT ${MAX_CANDIDATES}
    ),
    page AS (
      SELECT c.id, c.org_id, c.type, c.entity_id, c.title, c.body, c.url, c.language, c.updated_at,
             ts_rank(c.tsv, q.full_q) + 2 * ts_rank(c.tsv, q.exact_q) AS score, q.full_q
      FROM candidates c, q
      ORDER BY score DESC, c.updated_at DESC, c.id
      LIMIT ${query.limit + 1} OFFSET ${offset}
    )
    SELECT id, org_id, type, entity_id, title, url, score,
           ts_headline(
             (CASE language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish' ELSE 'english' END)::regconfig,
             CASE WHEN body = '' THEN title ELSE left(body, 20000) END, full_q, ${HEADLINE_OPTIONS}) AS snippet
    FROM page ORDER BY score DESC, updated_at DESC, id`.execute(db)
  const more = rows.rows.length > query.limit
  const hits: SearchHit[] = rows.rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    orgId: r.org_id,
    type: r.type,
    entityId: r.entity_id,
    title: r.title,
    snippet: toSnippet(r.snippet),
    url: r.url,
    score: Number(r.score),
  }))
  return { hits, nextCursor: more ? encodeCursor(offset + query.limit) : null }
}
