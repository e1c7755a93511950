import { type ExpressionBuilder, sql } from 'kysely'
import type { CaseFilterOptions, CaseList, CaseListQuery } from '../../schema/api/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import {
  CASE_HANDLERS,
  type CaseFacts,
  can,
  type OrgRef,
  type Principal,
  rolesIn,
} from '../../schema/policy.ts'
import type { Role } from '../../schema/roles.ts'
import { participationOf } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import { baseSelect, toSummary, unreadCounts } from './summary.ts'

// The case list and its filter choices: the SQL twin of case.read narrows the rows, the policy
// has the last word on each.

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
      // A union of three index lookups (an OR across them read every case in the database).
      return eb('c.id', 'in', casesNaming(eb, p.userId))
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

/** The ids of the cases naming a user (reporter, assignee, participant), as index lookups. */
export function casesNaming(qb: Pick<ExpressionBuilder<Database, never>, 'selectFrom'>, userId: string) {
  return qb
    .selectFrom('cases')
    .select('id')
    .where('reporter_id', '=', userId)
    .union(qb.selectFrom('cases').select('id').where('assignee_id', '=', userId))
    .union(qb.selectFrom('case_participants').select('case_id as id').where('user_id', '=', userId))
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
  // The filters on `c`, applied to the page (with its joins) and to the count (without: no row
  // of `c` is lost or doubled by them, so the count need not pay for them).
  const where = (eb: ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>) => {
    const and = [visibleTo(p, org)(eb)]
    if (org) and.push(eb('c.org_id', '=', org.id))
    if (q.status?.length) and.push(eb('c.status', 'in', q.status))
    if (q.category) and.push(eb('c.category', '=', q.category))
    if (q.building) and.push(eb('c.building_id', '=', q.building))
    if (q.assignee === 'me') and.push(eb('c.assignee_id', '=', p.userId))
    else if (q.assignee === 'none') and.push(eb('c.assignee_id', 'is', null))
    else if (q.assignee) and.push(eb('c.assignee_id', '=', q.assignee))
    if (q.mine) and.push(eb('c.reporter_id', '=', p.userId))
    if (q.q) and.push(eb('c.title', 'ilike', `%${q.q.replace(/[\\%_]/g, (m: string) => `\\${m}`)}%`))
    return eb.and(and)
  }
  const query = baseSelect(db).where(where)
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
  const [total, rows] = await Promise.all([
    db
      .selectFrom('cases as c')
      .where(where)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirst(),
    sorted
      .orderBy('c.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ])

  // The SQL filter mirrors the policy; the policy still has the last word on every row. The
  // page's threads are read beside its facts (one round trip), then kept for the visible rows.
  const [facts, threads] = await Promise.all([
    factsFor(db, rows),
    caseThreads(
      db,
      rows.map((r) => r.id),
    ),
  ])
  const visible = rows.filter((r) => {
    const o = orgs.get(r.org_id)
    return o !== undefined && can(p, 'case.read', { type: 'case', org: o, case: facts.get(r.id)! })
  })
  const byId = new Map(visible.map((r) => [r.id, r]))
  const readable = threads.filter((t) => {
    const row = t.case_id ? byId.get(t.case_id) : undefined
    if (!row) return false
    if (t.layer === 'case') return true
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
  const unread = new Map<string, number>()
  for (const t of readable)
    if (t.case_id) unread.set(t.case_id, (unread.get(t.case_id) ?? 0) + (counts.get(t.id) ?? 0))
  return {
    cases: visible.map((r) => toSummary(r, unread.get(r.id) ?? 0)),
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
