import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import * as Y from 'yjs'
import type {
  CaseDetail,
  CaseFilterOptions,
  CaseList,
  CaseListQuery,
  CaseRecordEntry,
  CaseSummary,
  PersonRef,
} from '../../schema/api/cases.ts'

import { type CaseCategory, DEFAULT_CASE_CATEGORIES } from '../../schema/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import { initCaseDoc } from '../../schema/docs/case.ts'
import { docName } from '../../schema/docs/names.ts'
import { AppError } from '../../schema/errors.ts'
import {
  CASE_HANDLERS,
  type CaseFacts,
  can,
  caseAbilitiesFor,
  type OrgRef,
  type Principal,
  rolesIn,
} from '../../schema/policy.ts'
import type { Role } from '../../schema/roles.ts'
import { assignableIds } from '../../server/access/assignable.ts'
import { type LoadedCase, participationOf } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'

type Trx = Kysely<Database>
type Input = {
  title: string
  description: string
  category: string
  priority: CaseSummary['priority']
  buildingId?: string | undefined
  staircaseId?: string | undefined
  apartmentId?: string | undefined
  sharedWithBuilding: boolean
  clientKey?: string | undefined
}

/**
 * The categories of a cooperative: its own list, or the defaults when it has none. Retired ones
 * only with `all` (they still name old cases); new cases take active ones only.
 */
export async function categoriesOf(
  db: DB | Trx,
  orgId: string,
  opts: { all?: boolean } = {},
): Promise<{ list: CaseCategory[]; custom: boolean }> {
  const rows = await db
    .selectFrom('case_categories')
    .select(['key', 'name', 'active'])
    .where('org_id', '=', orgId)
    .orderBy('position')
    .orderBy('key')
    .execute()
  if (rows.length > 0) return { list: opts.all ? rows : rows.filter((r) => r.active), custom: true }
  return { list: DEFAULT_CASE_CATEGORIES.map((key) => ({ key, name: null, active: true })), custom: false }
}

interface Place {
  building_id: string | null
  staircase_id: string | null
  apartment_id: string | null
}

/** Where the case is: what the reporter gave, else their own apartment or building here. */
async function placeOf(trx: Trx, principal: Principal, orgId: string, input: Input): Promise<Place> {
  let { apartmentId, staircaseId, buildingId } = input
  if (!apartmentId && !staircaseId && !buildingId) {
    const home =
      principal.memberships.find((m) => m.orgId === orgId && m.apartmentId) ??
      principal.memberships.find((m) => m.orgId === orgId && m.buildingId)
    apartmentId = home?.apartmentId ?? undefined
    buildingId = home?.buildingId ?? undefined
  }
  const bad = () => new AppError('validation_failed', 'That place is not in this cooperative.')
  if (apartmentId) {
    const apt = await trx
      .selectFrom('apartments')
      .select(['id', 'building_id', 'staircase_id'])
      .where('org_id', '=', orgId)
      .where('id', '=', apartmentId)
      .executeTakeFirst()
    if (!apt) throw bad()
    return { building_id: apt.building_id, staircase_id: apt.staircase_id, apartment_id: apt.id }
  }
  if (staircaseId) {
    const st = await trx
      .selectFrom('staircases')
      .select(['id', 'building_id'])
      .where('org_id', '=', orgId)
      .where('id', '=', staircaseId)
      .executeTakeFirst()
    if (!st) throw bad()
    return { building_id: st.building_id, staircase_id: st.id, apartment_id: null }
  }
  if (buildingId) {
    const b = await trx
      .selectFrom('buildings')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', buildingId)
      .executeTakeFirst()
    if (!b) throw bad()
    return { building_id: b.id, staircase_id: null, apartment_id: null }
  }
  return { building_id: null, staircase_id: null, apartment_id: null }
}

/**
 * Creates a case with its live document (initial snapshot), its thread and its internal notes,
 * its first history entry, and an outbox row for notifications: all in one transaction.
 */
export async function createCase(
  db: DB,
  principal: Principal,
  org: OrgRef,
  input: Input,
  now = new Date(),
): Promise<string> {
  const { list } = await categoriesOf(db, org.id)
  if (!list.some((c) => c.key === input.category))
    throw new AppError('validation_failed', 'category: not a category of this cooperative', {
      details: { issues: [{ path: 'category', message: 'Unknown category.' }] },
    })
  return db.transaction().execute(async (trx) => {
    const place = await placeOf(trx, principal, org.id, input)
    // Numbers are per cooperative; the lock on the organisation row serialises them.
    await trx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute()
    const last = await trx
      .selectFrom('cases')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('org_id', '=', org.id)
      .executeTakeFirst()
    const row = await trx
      .insertInto('cases')
      .values({
        org_id: org.id,
        number: Number(last?.n ?? 0) + 1,
        reporter_id: principal.userId,
        title: input.title,
        category: input.category,
        priority: input.priority,
        ...place,
        shared_with_building: input.sharedWithBuilding,
        excerpt: input.description.slice(0, 300),
        client_key: input.clientKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('case_status_history')
      .values({
        org_id: org.id,
        case_id: row.id,
        seq: 0,
        status: 'new',
        changed_by: principal.userId,
        changed_at: now,
      })
      .execute()
    for (const layer of ['case', 'internal'] as const) {
      await trx
        .insertInto('threads')
        .values({
          org_id: org.id,
          kind: 'case',
          // Thread-policy code paths (search, channel endpoints) see it as board-only at most.
          audience: 'board',
          title: input.title,
          created_by: principal.userId,
          case_id: row.id,
          layer,
        })
        .execute()
    }
    const doc = new Y.Doc()
    initCaseDoc(doc, {
      title: input.title,
      description: input.description,
      category: input.category,
      priority: input.priority,
      reporterId: principal.userId,
      at: now.getTime(),
    })
    await trx
      .insertInto('collab_documents')
      .values({
        name: docName('case', org.id, row.id),
        org_id: org.id,
        kind: 'case',
        snapshot: Y.encodeStateAsUpdate(doc),
      })
      .execute()
    doc.destroy()
    await trx
      .insertInto('outbox')
      .values({
        org_id: org.id,
        topic: 'notify',
        entity_id: row.id,
        payload: JSON.stringify({ type: 'case_created', caseId: row.id, actorId: principal.userId }),
      })
      .execute()
    return row.id
  })
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

const FULL_HANDLERS: readonly Role[] = CASE_HANDLERS.filter((r) => r !== 'maintenance_staff')

/** The SQL twin of the case.read rule for one principal in one organisation (or everywhere). */
export function visibleTo(p: Principal, org: OrgRef | null) {
  return (eb: ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>) => {
    const own = [
      eb('c.assignee_id', '=', p.userId),
      eb('c.id', 'in', eb.selectFrom('case_participants').select('case_id').where('user_id', '=', p.userId)),
    ]
    if (!org) {
      // Everywhere: only what is personally mine; the per-row policy check below removes the rest.
      return eb.or([...own, eb('c.reporter_id', '=', p.userId)])
    }
    if (p.platformAdmin && can(p, 'case.read', { type: 'case', org, case: anyCase })) return eb.lit(true)
    const roles = rolesIn(p, org)
    if (FULL_HANDLERS.some((r) => roles.has(r)) || roles.has('auditor')) return eb.lit(true)
    const ors = [...own]
    if (roles.size > 0) ors.push(eb('c.reporter_id', '=', p.userId))
    const scoped = (wanted: readonly Role[]) => {
      const mine = p.memberships.filter((m) => m.orgId === org.id && wanted.includes(m.role))
      const viaStaff =
        org.managedBy !== null && roles.has('maintenance_staff') && wanted.includes('maintenance_staff')
      if (viaStaff && !mine.length) return null
      if (mine.some((m) => m.buildingId === null)) return null
      return mine.map((m) => m.buildingId as string)
    }
    if (roles.has('maintenance_staff')) {
      const b = scoped(['maintenance_staff'])
      ors.push(
        b === null
          ? eb.lit(true)
          : eb.or([eb('c.building_id', 'is', null), ...(b.length ? [eb('c.building_id', 'in', b)] : [])]),
      )
    }
    const neighbourRoles: Role[] = ['owner', 'owner_representative', 'resident']
    if (neighbourRoles.some((r) => roles.has(r))) {
      const b = scoped(neighbourRoles)
      const shared = eb('c.shared_with_building', '=', true)
      ors.push(
        b === null
          ? eb.and([shared, eb('c.building_id', 'is not', null)])
          : b.length
            ? eb.and([shared, eb('c.building_id', 'in', b)])
            : eb.lit(false),
      )
    }
    return eb.or(ors)
  }
}

const anyCase: CaseFacts = {
  id: '',
  reporterId: '',
  assigneeId: null,
  participants: [],
  addedThrough: {},
  buildingId: null,
  sharedWithBuilding: false,
}

const PRIORITY_RANK = sql<number>`CASE c.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`
const STATUS_RANK = sql<number>`CASE c.status WHEN 'new' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'waiting' THEN 3 WHEN 'resolved' THEN 4 ELSE 5 END`

function baseSelect(db: DB) {
  return db
    .selectFrom('cases as c')
    .innerJoin('users as r', 'r.id', 'c.reporter_id')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .leftJoin('buildings as b', 'b.id', 'c.building_id')
    .leftJoin('apartments as ap', 'ap.id', 'c.apartment_id')
    .leftJoin('staircases as st', 'st.id', 'c.staircase_id')
    .select([
      'c.id',
      'c.org_id',
      'c.number',
      'c.title',
      'c.category',
      'c.priority',
      'c.status',
      'c.reporter_id',
      'r.name as reporter_name',
      'c.assignee_id',
      'a.name as assignee_name',
      sql<string | null>`to_char(c.due_date, 'YYYY-MM-DD')`.as('due_date'),
      'c.building_id',
      'b.name as building_name',
      'c.apartment_id',
      'ap.number as apartment_number',
      'c.staircase_id',
      'st.name as staircase_name',
      'c.shared_with_building',
      'c.created_at',
      'c.updated_at',
    ])
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseSelect>['execute']>>[number]

function toSummary(row: BaseRow, unread: number): CaseSummary {
  return {
    id: row.id,
    orgId: row.org_id,
    number: row.number,
    title: row.title,
    category: row.category,
    priority: row.priority,
    status: row.status,
    reporter: { id: row.reporter_id, name: row.reporter_name },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dueDate: row.due_date,
    building: row.building_id ? { id: row.building_id, name: row.building_name ?? '' } : null,
    apartment: row.apartment_id ? { id: row.apartment_id, number: row.apartment_number ?? '' } : null,
    sharedWithBuilding: row.shared_with_building,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    unread,
  }
}

/** Unread messages per thread for one reader: others' messages after their last read. */
export async function unreadCounts(
  db: DB,
  userId: string,
  threadIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (threadIds.length === 0) return counts
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('thread_reads as tr', (j) =>
      j.onRef('tr.thread_id', '=', 'm.thread_id').on('tr.user_id', '=', userId),
    )
    .select(['m.thread_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('m.thread_id', 'in', [...threadIds])
    .where('m.deleted', '=', false)
    .where((eb) => eb.or([eb('m.author_id', 'is', null), eb('m.author_id', '!=', userId)]))
    .where((eb) => eb.or([eb('tr.read_at', 'is', null), eb('m.created_at', '>', eb.ref('tr.read_at'))]))
    .groupBy('m.thread_id')
    .execute()
  for (const r of rows) counts.set(r.thread_id, Number(r.n))
  return counts
}

async function factsFor(
  db: DB,
  rows: readonly {
    id: string
    reporter_id: string
    assignee_id: string | null
    building_id: string | null
    shared_with_building: boolean
  }[],
) {
  const participation = await participationOf(
    db,
    rows.map((r) => r.id),
  )
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        reporterId: r.reporter_id,
        assigneeId: r.assignee_id,
        ...participation.get(r.id)!,
        buildingId: r.building_id,
        sharedWithBuilding: r.shared_with_building,
      } satisfies CaseFacts,
    ]),
  )
}

async function caseThreads(db: DB, caseIds: readonly string[]) {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('threads')
    .select(['id', 'case_id', 'layer'])
    .where('case_id', 'in', [...caseIds])
    .execute()
}

export async function listCases(
  db: DB,
  p: Principal,
  org: OrgRef | null,
  q: CaseListQuery,
  orgs: ReadonlyMap<string, OrgRef>,
): Promise<Omit<CaseList, 'abilities'>> {
  let query = baseSelect(db).where(visibleTo(p, org))
  if (org) query = query.where('c.org_id', '=', org.id)
  if (q.status?.length) query = query.where('c.status', 'in', q.status)
  if (q.category) query = query.where('c.category', '=', q.category)
  if (q.building) query = query.where('c.building_id', '=', q.building)
  if (q.assignee === 'me') query = query.where('c.assignee_id', '=', p.userId)
  else if (q.assignee === 'none') query = query.where('c.assignee_id', 'is', null)
  else if (q.assignee) query = query.where('c.assignee_id', '=', q.assignee)
  if (q.mine) query = query.where('c.reporter_id', '=', p.userId)
  if (q.q) query = query.where('c.title', 'ilike', `%${q.q.replace(/[\\%_]/g, (m: string) => `\\${m}`)}%`)

  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst()
  const dir = q.order
  const sorted =
    q.sort === 'priority'
      ? query.orderBy(PRIORITY_RANK, dir)
      : q.sort === 'status'
        ? query.orderBy(STATUS_RANK, dir)
        : q.sort === 'due'
          ? query.orderBy(sql`c.due_date ${sql.raw(dir === 'asc' ? 'ASC' : 'DESC')} NULLS LAST`)
          : q.sort === 'updated'
            ? query.orderBy('c.updated_at', dir)
            : q.sort === 'number'
              ? query.orderBy('c.number', dir)
              : query.orderBy('c.created_at', dir)
  const rows = await sorted
    .orderBy('c.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()

  // The SQL filter mirrors the policy; the policy still has the last word on every row.
  const facts = await factsFor(db, rows)
  const visible = rows.filter((r) => {
    const o = orgs.get(r.org_id)
    return o !== undefined && can(p, 'case.read', { type: 'case', org: o, case: facts.get(r.id)! })
  })
  const threads = await caseThreads(
    db,
    visible.map((r) => r.id),
  )
  const readable = threads.filter((t) => {
    if (t.layer === 'case') return true
    const row = visible.find((r) => r.id === t.case_id)!
    return can(p, 'case.internal.read', {
      type: 'case',
      org: orgs.get(row.org_id)!,
      case: facts.get(row.id)!,
    })
  })
  const counts = await unreadCounts(
    db,
    p.userId,
    readable.map((t) => t.id),
  )
  const unreadOf = (caseId: string) =>
    readable.filter((t) => t.case_id === caseId).reduce((n, t) => n + (counts.get(t.id) ?? 0), 0)
  return {
    cases: visible.map((r) => toSummary(r, unreadOf(r.id))),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  }
}

/** The buildings and assignees of the cases `p` may see in `org`: the list's filter choices. */
export async function caseFilterOptions(db: DB, p: Principal, org: OrgRef): Promise<CaseFilterOptions> {
  const visible = db.selectFrom('cases as c').where(visibleTo(p, org)).where('c.org_id', '=', org.id)
  const [buildings, assignees] = await Promise.all([
    db
      .selectFrom('buildings')
      .select(['id', 'name'])
      .where('org_id', '=', org.id)
      .where('id', 'in', visible.select('c.building_id'))
      .orderBy('name')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', visible.select('c.assignee_id'))
      .orderBy('name')
      .execute(),
  ])
  return { buildings, assignees }
}

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
