import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type { DB } from '../db/connect.ts'
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
import { distinctWords, queryWords } from './words.ts'

/**
 * Postgres full-text search: the embedded default. The vector (title and body stemmed in the
 * record's language, weights A and C) is derived by a trigger (0013_search_cases_tasks). A query
 * word matches its stem in Finnish, Swedish or English, the stemmed prefix of the word being
 * typed, and up to three similar words from the lexicon (pg_trgm) for typos; exact matches rank
 * higher.
 */
export const MAX_BODY = 100_000
const TYPO_SIMILARITY = 0.45
/**
 * Ranking is done over at most this many matches. A two-letter prefix can match most of a large
 * index; ranking all of it would cost seconds, and the next keystroke narrows it anyway.
 */
const MAX_CANDIDATES = 1000
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT.open}, StopSel=${HIGHLIGHT.close}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`

export function createPostgresSearch(db: DB): SearchAdapter {
  // Words known to be in the lexicon already, so a busy indexer does not rewrite them.
  const known = new Set<string>()
  const folded = new Map<string, string>()

  async function rememberWords(records: readonly SearchRecord[]) {
    const fresh = new Set<string>()
    const texts = records.flatMap((r) => [r.title, r.body.slice(0, MAX_BODY)])
    for (const w of distinctWords(texts, folded)) {
      if (w.length >= 4 && !known.has(w)) fresh.add(w)
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
        author_id: r.authorId ?? null,
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
              author_id: eb.ref('excluded.author_id'),
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
  const guests = searcher.guestOrgs ?? []
  if (groups.size === 0 && guests.length === 0) return sql<SqlBool>`false`
  const me = sql`ARRAY[${searcher.userId}]::text[]`
  const guestClause =
    guests.length > 0
      ? [sql`(org_id = ANY(${uuidArray(guests)}) AND NOT vis_internal AND vis_participants @> ${me})`]
      : []
  const clauses = [...groups.values()].map(({ orgIds, reach }) => {
    const internal = reach.roles.some((r) => ['property_manager', 'accountant', 'org_admin'].includes(r))
    const building =
      reach.buildings === null
        ? sql`true`
        : sql`(vis_building IS NULL OR vis_building = ANY(${uuidArray(reach.buildings)}))`
    return sql`(org_id = ANY(${uuidArray(orgIds)}) AND ${internal ? sql`true` : sql`NOT vis_internal`} AND (
      vis_participants @> ${me} OR ((vis_all OR vis_roles && ${textArray(reach.roles)}) AND ${building})))`
  })
  const admitted = sql<SqlBool>`(${sql.join([...clauses, ...guestClause], sql` OR `)})`
  const hidden = searcher.hidden ?? []
  return hidden.length > 0 ? sql<SqlBool>`(${admitted} AND id <> ALL(${textArray(hidden)}))` : admitted
}

const STEM_CONFIGS = sql.raw(`ARRAY['finnish', 'swedish', 'english']::regconfig[]`)

/**
 * The query words as tsquery operands, inside the search statement (a CTE): each word's stem in
 * Finnish, Swedish and English (usually one or two distinct stems), the stemmed prefix of the
 * word being typed (`kellarissa:*` is `'kellar':*`, matching every inflection), and, for a word
 * the lexicon does not know, the stems of up to three similar lexicon words (pg_trgm) for typos.
 * Deduplicating keeps the GIN scan from walking the same posting list three times. One row per
 * word: `i` (from 1), `exact`, `prefix`, `typos` (tsquery texts, as Postgres prints them).
 */
function wordTerms(list: readonly string[], prefixAt: number) {
  return sql`
    SELECT w.i::int AS i,
      array(SELECT DISTINCT q::text FROM unnest(${STEM_CONFIGS}) c, plainto_tsquery(c, w.word) q
            WHERE q::text <> '') AS exact,
      CASE WHEN w.i - 1 = ${prefixAt} THEN
        array(SELECT DISTINCT q::text FROM unnest(${STEM_CONFIGS}) c, to_tsquery(c, w.word || ':*') q
              WHERE q::text <> '')
      ELSE '{}'::text[] END AS prefix,
      -- Typos: only for a word the lexicon does not know (nor, for the word being typed, any word
      -- it begins): expanding a correct word only adds posting lists to scan.
      CASE WHEN length(w.word) >= 4
            AND NOT EXISTS (SELECT 1 FROM search_lexicon k WHERE k.word = w.word)
            AND NOT (w.i - 1 = ${prefixAt} AND EXISTS (
              SELECT 1 FROM search_lexicon k WHERE k.word > w.word AND k.word < w.word || chr(1114111)
                AND left(k.word, length(w.word)) = w.word)) THEN
        array(SELECT DISTINCT q::text FROM (
                SELECT l.word FROM search_lexicon l
                WHERE l.word % w.word AND l.word <> w.word AND similarity(l.word, w.word) >= ${TYPO_SIMILARITY}
                ORDER BY similarity(l.word, w.word) DESC, l.word LIMIT 3) s,
              unnest(${STEM_CONFIGS}) c, plainto_tsquery(c, s.word) q
              WHERE q::text <> '')
      ELSE '{}'::text[] END AS typos
    FROM unnest(${textArray(list)}) WITH ORDINALITY AS w(word, i)`
}

/**
 * The two tsqueries from the words' operands (a one-row CTE over `words`): `full_query`, every
 * word (its stems, prefix and typos OR'ed) AND'ed; `exact_query`, the words' own stems only
 * (ranked higher), or the full one when no word has one. A word with no operand at all (a stop word such as "ja")
 * narrows nothing and is left out; with none left, both are null and nothing matches.
 */
const QUERY_TERMS = sql`
  SELECT full_text::tsquery AS full_query, coalesce(exact_text, full_text)::tsquery AS exact_query
  FROM (
    SELECT string_agg('(' || array_to_string(exact || prefix || typos, ' | ') || ')', ' & ' ORDER BY i)
             AS full_text,
           string_agg('(' || array_to_string(exact, ' | ') || ')', ' & ' ORDER BY i)
             FILTER (WHERE cardinality(exact) > 0) AS exact_text
      FROM words WHERE cardinality(exact) + cardinality(prefix) + cardinality(typos) > 0) t`

/** Where the caller narrowed the search: types, date range, author. */
function narrowing(query: SearchQuery): RawBuilder<SqlBool> {
  const clauses: RawBuilder<unknown>[] = []
  if (query.types && query.types.length > 0) clauses.push(sql`type = ANY(${textArray(query.types)})`)
  if (query.from) clauses.push(sql`updated_at >= ${query.from}`)
  if (query.to) clauses.push(sql`updated_at < ${query.to}`)
  if (query.authorId) clauses.push(sql`author_id = ${query.authorId}::uuid`)
  return clauses.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(clauses, sql` AND `)})`
}

async function searchPostgres(db: DB, query: SearchQuery): Promise<SearchPage> {
  const { words: list, lastIsPrefix } = queryWords(query.text)
  if (
    list.length === 0 ||
    (query.searcher.reach.length === 0 && (query.searcher.guestOrgs ?? []).length === 0)
  )
    return { hits: [], nextCursor: null }
  const offset = decodeCursor(query.cursor)
  // A lone two-letter prefix matches most of a large index; wait for the third letter.
  const last = list.length - 1
  const prefixAt =
    lastIsPrefix && (list[last] ?? '').length >= 2 && ((list[last] ?? '').length >= 3 || list.length > 1)
      ? last
      : -1
  // The words' stems (and typos, from the lexicon) are looked up in the search statement itself:
  // one round trip, not two. The tsquery is then not a literal the planner could estimate, but
  // a parameter of an InitPlan (`(SELECT full_query FROM terms)`) whose default estimate still picks
  // the GIN index: no other index of search_records could be ANDed to it since 0013 dropped the
  // organisation one.
  const full = sql`(SELECT full_query FROM terms)`
  const exact = sql`(SELECT exact_query FROM terms)`
  const rows = await sql<{
    id: string
    org_id: string
    type: RecordType
    entity_id: string
    title: string
    url: string
    score: number
    snippet: string
    title_snippet: string
    updated_at: Date
    author_id: string | null
  }>`
    WITH words AS (${wordTerms(list, prefixAt)}),
    terms AS (${QUERY_TERMS}),
    candidates AS (
      SELECT r.id, r.updated_at,
             ts_rank(r.tsv, ${full}) + 2 * ts_rank(r.tsv, ${exact}) AS score
      FROM search_records r
      WHERE r.tsv @@ ${full} AND ${narrowing(query)} AND ${visibilityFilter(query.searcher)}
      LIMIT ${MAX_CANDIDATES}
    ),
    page AS (
      SELECT * FROM candidates ORDER BY score DESC, updated_at DESC, id
      LIMIT ${query.limit + 1} OFFSET ${offset}
    )
    SELECT r.id, r.org_id, r.type, r.entity_id, r.title, r.url, p.score, r.updated_at, r.author_id,
           ts_headline(
             (CASE r.language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish' ELSE 'english' END)::regconfig,
             CASE WHEN r.body = '' THEN r.title ELSE left(r.body, 20000) END, ${full}, ${HEADLINE_OPTIONS}) AS snippet,
           ts_headline(
             (CASE r.language WHEN 'fi' THEN 'finnish' WHEN 'sv' THEN 'swedish' ELSE 'english' END)::regconfig,
             r.title, ${full}, ${HEADLINE_OPTIONS}) AS title_snippet
    FROM page p JOIN search_records r ON r.id = p.id
    ORDER BY p.score DESC, p.updated_at DESC, p.id`.execute(db)
  const more = rows.rows.length > query.limit
  const hits: SearchHit[] = rows.rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    orgId: r.org_id,
    type: r.type,
    entityId: r.entity_id,
    title: r.title,
    // The body's excerpt, or the title when only the title matched (as Meilisearch does).
    snippet: toSnippet(
      r.snippet.includes(HIGHLIGHT.open) || !r.title_snippet.includes(HIGHLIGHT.open)
        ? r.snippet
        : r.title_snippet,
    ),
    url: r.url,
    score: Number(r.score),
    updatedAt: new Date(r.updated_at),
    authorId: r.author_id,
  }))
  return { hits, nextCursor: more ? encodeCursor(offset + query.limit) : null }
}
