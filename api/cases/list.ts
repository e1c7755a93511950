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
import { caseFactsFromListed, participationColumn } from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import { baseSelect, toSummary } from './summary.ts'

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

/**
 * The ids of the cases naming a user (reporter, assignee, participant), as index lookups; those of
 * `exceptOrgs` left out in each lookup (not after the union, which would first collect them all).
 */
export function casesNaming(
  qb: Pick<ExpressionBuilder<Database, never>, 'selectFrom'>,
  userId: string,
  exceptOrgs: readonly string[] = [],
) {
  const skip = exceptOrgs.length > 0
  return qb
    .selectFrom('cases')
    .select('id')
    .where('reporter_id', '=', userId)
    .$if(skip, (q) => q.where('org_id', 'not in', exceptOrgs))
    .union(
      qb
        .selectFrom('cases')
        .select('id')
        .where('assignee_id', '=', userId)
        .$if(skip, (q) => q.where('org_id', 'not in', exceptOrgs)),
    )
    .union(
      qb
        .selectFrom('case_participants')
        .select('case_id as id')
        .where('user_id', '=', userId)
        .$if(skip, (q) => q.where('org_id', 'not in', exceptOrgs)),
    )
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

/**
 * Unread messages of one case for one reader (others' messages after their last read), in its
 * conversation and in its other threads (the internal notes) apart: the policy decides per case
 * whether the second counts. One aggregate per row of the page, so one round trip for all.
 */
function unreadOfCase(db: DB, userId: string) {
  return db
    .selectFrom('threads as t')
    .innerJoin('messages as m', 'm.thread_id', 't.id')
    .leftJoin('thread_reads as tr', (j) => j.onRef('tr.thread_id', '=', 't.id').on('tr.user_id', '=', userId))
    .select([
      sql<string | number>`count(*) FILTER (WHERE t.layer = 'case')`.as('unread_case'),
      sql<string | number>`count(*) FILTER (WHERE t.layer IS DISTINCT FROM 'case')`.as('unread_other'),
    ])
    .where(sql<boolean>`t.case_id = c.id`)
    .where('m.deleted', '=', false)
    .where((w) => w.or([w('m.author_id', 'is', null), w('m.author_id', '!=', userId)]))
    .where((w) => w.or([w('tr.read_at', 'is', null), w('m.created_at', '>', w.ref('tr.read_at'))]))
    .as('u')
}

export async function listCases(
  db: DB,
  p: Principal,
  org: OrgRef | null,
  q: CaseListQuery,
  orgs: ReadonlyMap<string, OrgRef>,
): Promise<Omit<CaseList, 'abilities'>> {
  // In an organisation the page also carries the list's filter choices (caseFilterOptions).
  const choices = org ? filterChoices(db, p, org) : null
  // The filters on `c`, applied to the page and to the count (neither needs the joins: no row of
  // `c` is lost or doubled by them).
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
  const dir = sql.raw(q.order === 'asc' ? 'ASC' : 'DESC')
  // The page's ids and the page itself are sorted the same way: the ids cut the page on `cases`
  // alone, the outer query joins the names to those rows and sorts them again.
  const order =
    q.sort === 'priority'
      ? sql`${PRIORITY_RANK} ${dir}`
      : q.sort === 'status'
        ? sql`${STATUS_RANK} ${dir}`
        : q.sort === 'due'
          ? sql`c.due_date ${dir} NULLS LAST`
          : sql`${sql.ref(q.sort === 'updated' ? 'c.updated_at' : q.sort === 'number' ? 'c.number' : 'c.created_at')} ${dir}`
  const count = db
    .selectFrom('cases as c')
    .where(where)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
  const pageIds = db
    .selectFrom('cases as c')
    .where(where)
    .select('c.id')
    .orderBy(order)
    .orderBy('c.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
  // One statement for the page: its rows with names, the total (an uncorrelated subquery, run
  // once), each case's participants for the policy and its unread counts. Before, the same
  // answer took five round trips (issue 19).
  const rows = await baseSelect(db)
    // ARRAY(…) runs once (an InitPlan) and the rows are then fetched by primary key; as
    // `c.id IN (…)` the planner read every case of the table to meet the page's 20 ids.
    .where(sql<boolean>`c.id = ANY (ARRAY${pageIds})`)
    .leftJoinLateral(
      () => unreadOfCase(db, p.userId),
      (j) => j.onTrue(),
    )
    .select([
      count.as('total'),
      participationColumn(sql.ref<string>('c.id')).as('participation'),
      'u.unread_case',
      'u.unread_other',
      // Uncorrelated like the total: run once, its JSON repeated on each row and read from the first.
      choices
        ? sql<ChoiceTuple[] | string>`(SELECT coalesce(json_agg(json_build_array(f.kind, f.id, f.name)
            ORDER BY f.kind, f.name), '[]') FROM (${choices}) f)`.as('choices')
        : sql<null>`NULL`.as('choices'),
    ])
    .orderBy(order)
    .orderBy('c.id')
    .execute()
  // A page without rows has none to carry the total and the choices: only then are they asked on
  // their own (the total of a first page without rows is 0; the choices are of every visible case,
  // whatever the filters, so they may still be there).
  const first = rows[0]
  const [total, filterOptions] = await Promise.all([
    first?.total ?? (q.page > 1 ? count.executeTakeFirst().then((r) => r?.n ?? 0) : 0),
    org && choices ? (first ? choicesFromColumn(first.choices) : caseFilterOptions(db, p, org)) : undefined,
  ])

  // The SQL filter mirrors the policy; the policy still has the last word on every row, and on
  // whether the internal notes' unread messages count.
  const cases = []
  for (const r of rows) {
    const o = orgs.get(r.org_id)
    if (!o) continue
    const facts: CaseFacts = caseFactsFromListed(r)
    const resource = { type: 'case', org: o, case: facts } as const
    if (!can(p, 'case.read', resource)) continue
    const internal = can(p, 'case.internal.read', resource) ? Number(r.unread_other ?? 0) : 0
    cases.push(toSummary(r, Number(r.unread_case ?? 0) + internal))
  }
  return {
    cases,
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
    ...(filterOptions ? { filterOptions } : {}),
  }
}

/** The buildings and assignees of the cases `p` may see in `org`: the list's filter choices. */
export async function caseFilterOptions(db: DB, p: Principal, org: OrgRef): Promise<CaseFilterOptions> {
  const rows = await filterChoices(db, p, org).orderBy('kind').orderBy('name').execute()
  return {
    buildings: rows.filter((r) => r.kind === 'building').map(({ id, name }) => ({ id, name })),
    assignees: rows.filter((r) => r.kind === 'assignee').map(({ id, name }) => ({ id, name })),
  }
}

/** Both lists in one query, told apart by `kind` (sorted by kind, then name, where they are read). */
function filterChoices(db: DB, p: Principal, org: OrgRef) {
  const visible = db.selectFrom('cases as c').where(visibleTo(p, org)).where('c.org_id', '=', org.id)
  return db
    .selectFrom('buildings')
    .select([sql<'building' | 'assignee'>`'building'`.as('kind'), 'id', 'name'])
    .where('org_id', '=', org.id)
    .where('id', 'in', visible.select('c.building_id'))
    .unionAll(
      db
        .selectFrom('users')
        .select([sql<'building' | 'assignee'>`'assignee'`.as('kind'), 'id', 'name'])
        .where('id', 'in', visible.select('c.assignee_id')),
    )
}

type ChoiceTuple = ['building' | 'assignee', string, string]

/** The page's `choices` column (postgres.js hands json over as text, PGlite parsed). */
function choicesFromColumn(raw: ChoiceTuple[] | string | null): CaseFilterOptions {
  const tuples = typeof raw === 'string' ? (JSON.parse(raw) as ChoiceTuple[]) : (raw ?? [])
  const pick = (kind: ChoiceTuple[0]) =>
    tuples.filter((t) => t[0] === kind).map(([, id, name]) => ({ id, name }))
  return { buildings: pick('building'), assignees: pick('assignee') }
}
