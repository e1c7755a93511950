import type { CaseDetail, CaseRecordEntry, PersonRef } from '../../schema/api/cases.ts'
import { docName } from '../../schema/docs/names.ts'
import { type CaseFacts, caseAbilitiesFor, type OrgRef, type Principal } from '../../schema/policy.ts'
import { assignableIds } from '../../server/access/assignable.ts'
import type { LoadedCase } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import { baseSelect, toSummary, unreadCounts } from './summary.ts'

const names = async (db: DB, ids: Iterable<string>): Promise<PersonRef[]> => {
  const list = [...new Set(ids)]
  if (list.length === 0) return []
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', list).orderBy('name').execute()
}

/** People who may be assigned (assignable.ts: the same rule the guard and the projection apply). */
async function assignableFor(db: DB, org: OrgRef, facts: CaseFacts): Promise<PersonRef[]> {
  return names(db, await assignableIds(db, org.id, facts.id))
}

/** The description and checklist changes of a case, oldest first (server/projections/caseRecord.ts). */
async function recordChanges(db: DB, caseId: string): Promise<CaseRecordEntry[]> {
  const rows = await db
    .selectFrom('case_record_changes as r')
    .leftJoin('users as u', 'u.id', 'r.changed_by')
    .select(['r.kind', 'r.item_text', 'r.before', 'r.after', 'r.changed_by', 'u.name', 'r.changed_at'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.changed_at')
    .orderBy('r.entry')
    .execute()
  return rows.map((r) => ({
    kind: r.kind,
    itemText: r.item_text,
    before: r.before,
    after: r.after,
    by: r.changed_by ? { id: r.changed_by, name: r.name ?? '' } : null,
    at: new Date(r.changed_at).toISOString(),
  }))
}

export async function caseDetail(db: DB, p: Principal, loaded: LoadedCase): Promise<CaseDetail> {
  const { org, facts } = loaded
  const row = await baseSelect(db).where('c.id', '=', facts.id).executeTakeFirstOrThrow()
  const abilities = caseAbilitiesFor(p, org, facts)
  const notes = abilities.includes('case.internal.read') && loaded.notesThreadId ? loaded.notesThreadId : null
  const threadIds = [loaded.threadId, notes].filter((t): t is string => t !== null)
  const [history, changes, counts, participants, authors] = await Promise.all([
    db
      .selectFrom('case_status_history as h')
      .leftJoin('users as u', 'u.id', 'h.changed_by')
      .select(['h.status', 'h.changed_by', 'u.name', 'h.changed_at'])
      .where('h.case_id', '=', facts.id)
      .orderBy('h.seq')
      .execute(),
    recordChanges(db, facts.id),
    unreadCounts(db, p.userId, threadIds),
    names(db, facts.participants),
    threadIds.length
      ? db
          .selectFrom('messages')
          .select('author_id')
          .distinct()
          .where('thread_id', 'in', threadIds)
          .where('author_id', 'is not', null)
          .execute()
      : Promise.resolve([]),
  ])
  const assignable = abilities.includes('case.manage') ? await assignableFor(db, org, facts) : []
  const people = await names(db, [
    facts.reporterId,
    ...(facts.assigneeId ? [facts.assigneeId] : []),
    ...facts.participants,
    ...history.flatMap((h) => (h.changed_by ? [h.changed_by] : [])),
    ...authors.flatMap((a) => (a.author_id ? [a.author_id] : [])),
    ...assignable.map((a) => a.id),
  ])
  const unread = threadIds.reduce((n, t) => n + (counts.get(t) ?? 0), 0)
  return {
    ...toSummary(row, unread),
    staircase: row.staircase_id ? { id: row.staircase_id, name: row.staircase_name ?? '' } : null,
    participants,
    history: history.map((h) => ({
      status: h.status,
      by: h.changed_by ? { id: h.changed_by, name: h.name ?? '' } : null,
      at: new Date(h.changed_at).toISOString(),
    })),
    changes,
    documents: {
      case: docName('case', org.id, facts.id),
      thread: docName('thread', org.id, loaded.threadId ?? ''),
      ...(notes ? { notes: docName('thread', org.id, notes) } : {}),
    },
    threads: { case: loaded.threadId ?? '', ...(notes ? { notes } : {}) },
    assignable,
    people,
    abilities,
  }
}
