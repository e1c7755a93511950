import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import { CATEGORY_KEY } from '../../schema/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import { readCase } from '../../schema/docs/case.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import type { NotifyOf } from '../../schema/outbox.ts'
import { assignableIds } from '../access/assignable.ts'
import { enqueue } from '../outbox/enqueue.ts'
import { projectCaseRecord } from './caseRecord.ts'
import type { VersionInput } from './messageVersions.ts'

/**
 * Case document → its `cases` row (title, category, priority, status, assignee, due date,
 * excerpt), `case_status_history` (one row per history entry, by position), the description and
 * checklist changes (`case_record_changes`, caseRecord.ts) and `notify` outbox
 * rows for a status change or a new assignee. Derived: running it again on the same document
 * changes nothing, so a rebuild gives the rows a live projection gave.
 *
 * The guard checks shapes; this checks what needs the database: a category the cooperative
 * has, an assignee who may be assigned (server/access/assignable.ts, the rule the API lists and the
 * guard enforces). Anything else keeps the row's previous value.
 */
export async function projectCase(
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
  log?: VersionInput,
): Promise<void> {
  if (ref.kind !== 'case') return
  const row = await trx
    .selectFrom('cases')
    .select(['id', 'org_id', 'title', 'category', 'priority', 'status', 'assignee_id', 'excerpt'])
    .select((eb) => eb.fn<string | null>('to_char', ['due_date', eb.val('YYYY-MM-DD')]).as('due'))
    .where('id', '=', ref.id)
    .where('org_id', '=', ref.orgId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) return
  await projectCaseRecord(trx, { orgId: row.org_id, id: row.id }, log)
  const view = readCase(doc)

  const category = CATEGORY_KEY.test(view.category) && (await categoryExists(trx, row.org_id, view.category))
  const assigneeOk =
    view.assigneeId === null || (await mayBeAssigned(trx, row.org_id, row.id, view.assigneeId))
  const next = {
    title: view.title.trim() ? view.title.slice(0, 200) : row.title,
    category: category ? view.category : row.category,
    priority: view.priority,
    status: view.status,
    assignee_id: assigneeOk ? view.assigneeId : row.assignee_id,
    due: view.dueDate && !Number.isNaN(Date.parse(view.dueDate)) ? view.dueDate : null,
    excerpt: view.description.slice(0, 300),
  }
  const changed =
    next.title !== row.title ||
    next.category !== row.category ||
    next.priority !== row.priority ||
    next.status !== row.status ||
    next.assignee_id !== row.assignee_id ||
    next.due !== row.due ||
    next.excerpt !== row.excerpt

  const stored = await trx
    .selectFrom('case_status_history')
    .select(['seq'])
    .where('case_id', '=', row.id)
    .execute()
  const have = new Set(stored.map((h) => h.seq))
  const fresh = view.history.map((h, seq) => ({ ...h, seq })).filter((h) => !have.has(h.seq))
  if (fresh.length > 0) {
    const known = new Set(
      (
        await trx
          .selectFrom('users')
          .select('id')
          .where(
            'id',
            'in',
            fresh.map((h) => h.by),
          )
          .execute()
      ).map((u) => u.id),
    )
    await trx
      .insertInto('case_status_history')
      .values(
        fresh.map((h) => ({
          org_id: row.org_id,
          case_id: row.id,
          seq: h.seq,
          status: h.status,
          changed_by: known.has(h.by) ? h.by : null,
          changed_at: new Date(h.at),
        })),
      )
      .onConflict((oc) => oc.columns(['case_id', 'seq']).doNothing())
      .execute()
  }
  if (!changed) return

  await trx
    .updateTable('cases')
    .set({
      title: next.title,
      category: next.category,
      priority: next.priority,
      status: next.status,
      assignee_id: next.assignee_id,
      due_date: next.due,
      excerpt: next.excerpt,
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute()

  const notify: NotifyOf<'case_status' | 'case_assigned'>[] = []
  if (next.status !== row.status) {
    const last = view.history.at(-1)
    notify.push({ type: 'case_status', caseId: row.id, status: next.status, actorId: last?.by ?? null })
  }
  if (next.assignee_id !== row.assignee_id && next.assignee_id !== null) {
    notify.push({ type: 'case_assigned', caseId: row.id, assigneeId: next.assignee_id, actorId: null })
  }
  await enqueue(
    trx,
    'notify',
    notify.map((payload) => ({ orgId: row.org_id, entityId: row.id, payload })),
  )
}

async function categoryExists(trx: Kysely<Database>, orgId: string, key: string): Promise<boolean> {
  const own = await trx
    .selectFrom('case_categories')
    .select(['key', 'active'])
    .where('org_id', '=', orgId)
    .execute()
  if (own.length === 0) return true // defaults: the key's shape is all that can be checked
  // A retired category is not chosen anew; a case already under it keeps it (the row keeps its value).
  return own.some((c) => c.key === key && c.active)
}

async function mayBeAssigned(trx: Kysely<Database>, orgId: string, caseId: string, userId: string) {
  return (await assignableIds(trx, orgId, caseId)).has(userId)
}
