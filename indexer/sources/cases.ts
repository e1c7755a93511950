import type { DB } from '../../server/db/connect.ts'
import { recordId, type SearchRecord } from '../../server/search/types.ts'
import type { Changes, Handler, SourceContext } from '../sources.ts'
import { caseAudience, loadCase } from './caseAudience.ts'
import { messageRecord } from './messages.ts'
import { pagesById } from './paging.ts'

/**
 * Cases and their two conversations. Outbox rows (`case.search`) come from triggers on `cases`
 * and `case_participants` (0013), so the case projection, case creation and the participant
 * and sharing endpoints all write them in their own transaction without knowing about search.
 * A sharing or participant change re-indexes the case's messages too (their audience is the
 * case's, see caseAudience.ts).
 */
export const CASE_TOPIC = 'case.search'

export async function caseRecord(db: DB, caseId: string): Promise<SearchRecord | null> {
  const loaded = await loadCase(db, caseId)
  if (!loaded) return null
  const { row, org, facts } = loaded
  return {
    id: recordId('case', row.id),
    orgId: row.org_id,
    type: 'case',
    entityId: row.id,
    title: row.title,
    body: `#${row.number} ${row.category.replaceAll('_', ' ')} ${row.excerpt}`,
    language: 'fi',
    url: `/org/${row.org_id}/cases/${row.id}`,
    updatedAt: row.updated_at,
    visibility: caseAudience(org, facts),
    authorId: row.reporter_id,
  }
}

/** The case and every message of its conversations: who may see them changes together. */
const caseChanged: Handler = async ({ db }, row) => {
  const changes: Changes = { upsert: [], delete: [] }
  const record = await caseRecord(db, row.entityId)
  if (record) changes.upsert.push(record)
  else changes.delete.push(recordId('case', row.entityId))
  const messages = await db
    .selectFrom('messages as m')
    .innerJoin('threads as t', (j) => j.onRef('t.id', '=', 'm.thread_id').onRef('t.org_id', '=', 'm.org_id'))
    .select(['m.thread_id', 'm.id'])
    .where('t.case_id', '=', row.entityId)
    .execute()
  for (const m of messages) {
    const message = await messageRecord(db, m.thread_id, m.id)
    if (message) changes.upsert.push(message)
    else changes.delete.push(recordId('message', `${m.thread_id}:${m.id}`))
  }
  return changes
}

export const caseHandlers: Readonly<Record<string, Handler>> = { [CASE_TOPIC]: caseChanged }

/** Every case, for `npm run reindex` (their messages come with the message type). */
export function allCases(ctx: SourceContext): AsyncGenerator<SearchRecord[]> {
  return pagesById(
    (after, limit) =>
      ctx.db
        .selectFrom('cases')
        .select('id')
        .$if(after !== null, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(limit)
        .execute(),
    (rows) => Promise.all(rows.map((r) => caseRecord(ctx.db, r.id))),
  )
}

export async function countCases(db: DB): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
