import type { CasePriorityColumn, CaseStatusColumn } from '../../schema/db/types.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Cases, their threads and messages written straight into the tables the queue reads (the
 * projections of the live documents), for the work queue's tests and benchmark.
 */
let counter = 1_000
export async function addCase(
  db: DB,
  orgId: string,
  reporterId: string,
  opts: {
    title?: string
    status?: CaseStatusColumn
    priority?: CasePriorityColumn
    assigneeId?: string | null
    dueDate?: string | null
    buildingId?: string | null
    /** Set it where a test's order depends on "newest first": PGlite's clock may give two rows made in a row the same time. */
    createdAt?: Date
  } = {},
) {
  const row = await db
    .insertInto('cases')
    .values({
      org_id: orgId,
      number: counter++,
      reporter_id: reporterId,
      title: opts.title ?? 'Leaking tap',
      category: 'plumbing',
      status: opts.status ?? 'new',
      priority: opts.priority ?? 'normal',
      assignee_id: opts.assigneeId ?? null,
      due_date: opts.dueDate ?? null,
      building_id: opts.buildingId ?? null,
      staircase_id: null,
      apartment_id: null,
      client_key: null,
      ...(opts.createdAt ? { created_at: opts.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A message by `authorId` in the case's public thread (made on first use). */
export async function addCaseMessage(
  db: DB,
  orgId: string,
  caseId: string,
  authorId: string,
  at = new Date(),
) {
  let thread = await db.selectFrom('threads').select('id').where('case_id', '=', caseId).executeTakeFirst()
  thread ??= await db
    .insertInto('threads')
    .values({
      org_id: orgId,
      kind: 'case',
      title: 'Case',
      case_id: caseId,
      layer: 'case',
      created_by: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const last = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('thread_id', '=', thread.id)
    .executeTakeFirst()
  await db
    .insertInto('messages')
    .values({
      org_id: orgId,
      thread_id: thread.id,
      id: crypto.randomUUID(),
      author_id: authorId,
      text: 'Any news?',
      created_at: at,
      edited_at: null,
      seq: Number(last?.seq ?? 0) + 1,
      hidden_reason: null,
      hidden_by: null,
      archived_at: null,
    })
    .execute()
  return thread.id
}
