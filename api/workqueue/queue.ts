import { type ExpressionBuilder, sql } from 'kysely'
import type { QueueCounts, QueueItem, WorkQueue, WorkQueueQuery } from '../../schema/api/workQueue.ts'
import { OPEN_CASE_STATUSES } from '../../schema/cases.ts'
import type { Database } from '../../schema/db/types.ts'
import { helsinkiToday } from '../../schema/finance/status.ts'
import {
  CASE_HANDLERS,
  can,
  type OrgRef,
  type Principal,
  readsEveryCase,
  rolesIn,
} from '../../schema/policy.ts'
import {
  caseFactsFromListed,
  type ListedCaseRow,
  participationColumn,
} from '../../server/access/caseFacts.ts'
import type { DB } from '../../server/db/connect.ts'
import { uuidArray } from '../../server/db/uuidArray.ts'
import { visibleTo } from '../cases/list.ts'

/**
 * The work queue of one person across every cooperative they handle cases in (issue 17): the
 * cooperatives they are a member of and those their management company runs, kept where their
 * roles there make them a case handler. Two statements whatever the number of cooperatives: the
 * cooperatives, then the first `limit` items of the chosen bucket with the participants the policy
 * needs for each and, on the first row, the counts per cooperative and bucket (a third statement
 * asks for the counts only when the page is empty). The SQL filter is the cases domain's own twin
 * of case.read (`visibleTo`); the items returned are still asked of the policy one by one.
 */
type Eb = ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>

export async function handledOrgs(db: DB, p: Principal): Promise<(OrgRef & { name: string })[]> {
  const direct = p.memberships.filter((m) => m.orgKind === 'housing_cooperative').map((m) => m.orgId)
  const companies = p.memberships.filter((m) => m.orgKind === 'management_company').map((m) => m.orgId)
  if (direct.length === 0 && companies.length === 0) return []
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'status', 'managed_by', 'name'])
    .where('kind', '=', 'housing_cooperative')
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        ...(direct.length ? [eb('id', 'in', direct)] : []),
        ...(companies.length ? [eb('managed_by', 'in', companies)] : []),
      ]),
    )
    .orderBy('name')
    .execute()
  return rows
    .map((r) => ({ id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by, name: r.name }))
    .filter((org) => {
      // Once per cooperative: a manager's company may run hundreds (the scaled benchmark: 500).
      const roles = rolesIn(p, org)
      return CASE_HANDLERS.some((role) => roles.has(role))
    })
}

/** One cooperative's counts, as the counts statement returns them (numbers, or numeric text). */
type CountRow = { org_id: string } & Record<keyof QueueCounts, number | string>

/** The page's order, for the window that finds its first row. */
const PAGE_ORDER = sql`ORDER BY c.rank DESC, c.due_date ASC NULLS LAST, c.created_at DESC, c.id`

/** Roles whose case reach in a cooperative is all of it (maintenance staff see their buildings). */
const fullHandler = (p: Principal, org: OrgRef) => {
  const roles = rolesIn(p, org)
  return CASE_HANDLERS.some((r) => r !== 'maintenance_staff' && roles.has(r))
}

/**
 * `col` is one of the ids: `= $1` for one (the statement a cooperative's own queue prepares, and
 * its generic plan, stay those of one cooperative), else `= ANY` of one array parameter.
 */
function oneOf(col: string, ids: readonly string[]) {
  return ids.length === 1
    ? sql<boolean>`${sql.ref(col)} = ${ids[0]}`
    : sql<boolean>`${sql.ref(col)} = ANY(${uuidArray(ids)})`
}

/** Cases of these cooperatives the principal may see: one `org_id = ANY` for full handlers. */
function inReach(p: Principal, orgs: readonly OrgRef[]) {
  return (eb: Eb) => {
    const full: string[] = []
    const ors = []
    for (const org of orgs) {
      if (fullHandler(p, org)) full.push(org.id)
      else ors.push(eb.and([eb('c.org_id', '=', org.id), visibleTo(p, org)(eb)]))
    }
    if (full.length) ors.push(oneOf('c.org_id', full))
    return ors.length ? eb.or(ors) : eb.lit(false)
  }
}

/**
 * Unread for the caller: someone else wrote in the case's threads (the public thread and internal
 * notes: every handler in the queue reads both) after the caller last read that thread. Read from
 * `case_thread_activity` (0050: per case thread its latest live message and the latest by anyone
 * but that message's author, kept by triggers on `messages`), one row per thread however long its
 * history, so neither the counts nor the page read messages. `a` is that table, `tr` the caller's
 * `thread_reads` row of the same thread (left-joined).
 */
const unreadNow = (userId: string) =>
  sql<boolean>`(CASE WHEN a.last_author IS DISTINCT FROM ${userId}::uuid THEN a.last_at ELSE a.other_at END)
    > coalesce(tr.read_at, '-infinity'::timestamptz)`

/** For the unread bucket: the cases of the cooperatives in reach with a thread unread (a set built once). */
function unreadSet(userId: string, orgIds: readonly string[]) {
  return sql<boolean>`c.id IN (
    SELECT a.case_id FROM case_thread_activity a
      LEFT JOIN thread_reads tr ON tr.thread_id = a.thread_id AND tr.user_id = ${userId}
     WHERE ${oneOf('a.org_id', orgIds)} AND ${unreadNow(userId)})`
}

/**
 * The statements of one queue request, unexecuted (bench/workQueueExplain.ts prints their plans):
 * the counts per cooperative and bucket, and the first `limit + 1` items of the chosen bucket.
 * "Today" is a parameter (a Helsinki calendar day computed once), not an expression the database
 * would convert to Helsinki time for every row.
 *
 * The counts of a cooperative where the caller sees every case come from `case_queue_counts`
 * (0049: open cases per status, assignee and due date, kept by triggers on `cases`): a few rows,
 * not every open case. Where the caller's reach is narrower (maintenance staff) or a text narrows
 * the queue, they are counted from `cases` as before. Unread is counted from the activity of the
 * threads; all three in one statement.
 */
export function queueQueries(db: DB, p: Principal, q: WorkQueueQuery, orgs: readonly OrgRef[]) {
  const me = p.userId
  const today = helsinkiToday()
  const orgIds = orgs.map((o) => o.id)
  const unread = unreadSet(me, orgIds)
  let open = db
    .selectFrom('cases as c')
    // Literals, not parameters: the page's index (cases_queue_page, 0051) is partial on these
    // statuses, which a generic plan of the prepared statement could not prove from `$n`s.
    .where(sql<boolean>`c.status IN (${sql.join(OPEN_CASE_STATUSES.map((st) => sql.lit(st)))})`)
    .where(inReach(p, orgs))
  if (q.q) open = open.where('c.title', 'ilike', `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)

  const kept = q.q ? [] : orgs.filter((o) => fullHandler(p, o)).map((o) => o.id)
  const keptSet = new Set(kept)
  const live = orgs.filter((o) => !keptSet.has(o.id))
  const zero = sql<number>`0`
  const fromCounters =
    kept.length > 0
      ? db
          .selectFrom('case_queue_counts as k')
          .where(oneOf('k.org_id', kept))
          .select([
            'k.org_id',
            sql<number>`sum(k.cases)`.as('all'),
            sql<number>`coalesce(sum(k.cases) FILTER (WHERE k.assignee_id IS NULL), 0)`.as('unassigned'),
            sql<number>`coalesce(sum(k.cases) FILTER (WHERE k.assignee_id = ${me}), 0)`.as('mine'),
            sql<number>`coalesce(sum(k.cases) FILTER (WHERE k.due_date < ${today}::date), 0)`.as('overdue'),
            sql<number>`coalesce(sum(k.cases) FILTER (WHERE k.status = 'waiting'), 0)`.as('waiting'),
            zero.as('unread'),
          ])
          .groupBy('k.org_id')
      : null
  const fromCases =
    live.length > 0
      ? open
          .where(
            oneOf(
              'c.org_id',
              live.map((o) => o.id),
            ),
          )
          .select([
            'c.org_id',
            sql<number>`count(*)`.as('all'),
            sql<number>`count(*) FILTER (WHERE c.assignee_id IS NULL)`.as('unassigned'),
            sql<number>`count(*) FILTER (WHERE c.assignee_id = ${me})`.as('mine'),
            sql<number>`count(*) FILTER (WHERE c.due_date < ${today}::date)`.as('overdue'),
            sql<number>`count(*) FILTER (WHERE c.status = 'waiting')`.as('waiting'),
            zero.as('unread'),
          ])
          .groupBy('c.org_id')
      : null
  // Unread: from the threads with activity someone else left after the caller read them, to the
  // open cases in reach they belong to (each case once, whichever of its threads it was).
  const unreadCounts = open
    .innerJoin('case_thread_activity as a', 'a.case_id', 'c.id')
    .leftJoin('thread_reads as tr', (j) =>
      j.onRef('tr.thread_id', '=', 'a.thread_id').on('tr.user_id', '=', me),
    )
    .where(oneOf('a.org_id', orgIds))
    .where(unreadNow(me))
    .select([
      'c.org_id',
      zero.as('all'),
      zero.as('unassigned'),
      zero.as('mine'),
      zero.as('overdue'),
      zero.as('waiting'),
      sql<number>`count(DISTINCT c.id)`.as('unread'),
    ])
    .groupBy('c.org_id')
  let parts = unreadCounts
  if (fromCounters) parts = parts.unionAll(fromCounters)
  if (fromCases) parts = parts.unionAll(fromCases)
  const counts = db
    .selectFrom(parts.as('x'))
    .select([
      'x.org_id',
      sql<number>`sum(x.all)`.as('all'),
      sql<number>`sum(x.unassigned)`.as('unassigned'),
      sql<number>`sum(x.mine)`.as('mine'),
      sql<number>`sum(x.overdue)`.as('overdue'),
      sql<number>`sum(x.waiting)`.as('waiting'),
      sql<number>`sum(x.unread)`.as('unread'),
    ])
    .groupBy('x.org_id')

  // The page: the bucket's cases sorted and cut on the cases table alone, then the names joined
  // and the unread flag worked out for those rows only (not for every open case before the sort).
  let bucket = open
  if (q.bucket === 'unassigned') bucket = bucket.where('c.assignee_id', 'is', null)
  else if (q.bucket === 'mine') bucket = bucket.where('c.assignee_id', '=', me)
  else if (q.bucket === 'overdue') bucket = bucket.where(sql<boolean>`c.due_date < ${today}::date`)
  else if (q.bucket === 'waiting') bucket = bucket.where('c.status', '=', 'waiting')
  else if (q.bucket === 'unread') bucket = bucket.where(unread)
  // Where the caller reads every case (readsEveryCase) the facts cannot change the answer.
  const readsAll = new Set(orgs.filter((o) => readsEveryCase(p, o)).map((o) => o.id))
  const askEach = orgs.filter((o) => !readsAll.has(o.id)).map((o) => o.id)
  const facts = participationColumn(sql.ref<string>('c.id'))
  const participation =
    askEach.length === 0
      ? sql<null>`NULL`
      : askEach.length === orgs.length
        ? facts
        : sql<
            ListedCaseRow['participation'] | null
          >`CASE WHEN ${oneOf('c.org_id', askEach)} THEN ${facts} END`
  const rank = sql<number>`CASE c.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`
  const page = bucket
    .select([
      'c.id',
      'c.org_id',
      'c.number',
      'c.title',
      'c.priority',
      'c.status',
      'c.reporter_id',
      'c.assignee_id',
      'c.building_id',
      'c.apartment_id',
      'c.shared_with_building',
      'c.due_date',
      'c.created_at',
      rank.as('rank'),
    ])
    .orderBy(rank, 'desc')
    .orderBy(sql`c.due_date ASC NULLS LAST`)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(q.limit + 1)
  const items = db
    .with('page', () => page)
    .selectFrom('page as c')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('buildings as b', 'b.id', 'c.building_id')
    .leftJoin('apartments as ap', 'ap.id', 'c.apartment_id')
    // The unread flag: a lookup of each page case's threads (by `case_id`), never a set of them all.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('case_thread_activity as a')
          .leftJoin('thread_reads as tr', (j) =>
            j.onRef('tr.thread_id', '=', 'a.thread_id').on('tr.user_id', '=', me),
          )
          .select(sql<boolean>`true`.as('yes'))
          .whereRef('a.case_id', '=', 'c.id')
          .where(unreadNow(me))
          .limit(1)
          .as('unread'),
      (j) => j.onTrue(),
    )
    .select([
      'c.id',
      'c.org_id',
      'c.number',
      'c.title',
      'c.priority',
      'c.status',
      'c.reporter_id',
      'c.assignee_id',
      'u.name as assignee_name',
      'c.building_id',
      'c.shared_with_building',
      'b.name as building_name',
      'ap.number as apartment_number',
      sql<string | null>`to_char(c.due_date, 'YYYY-MM-DD')`.as('due_date'),
      sql<boolean>`coalesce(c.due_date < ${today}::date, false)`.as('overdue'),
      sql<boolean>`coalesce(unread.yes, false)`.as('unread'),
      'c.created_at',
      // The policy's participants for each row, in this statement (not a third round trip), and
      // only for the rows of cooperatives where the policy must be asked case by case.
      participation.as('participation'),
      // The counts ride on the page's first row: an uncorrelated subquery, run once, its JSON sent
      // once (not repeated on each of up to 500 rows); asked on their own only for an empty page.
      sql<CountRow[] | string | null>`CASE WHEN row_number() OVER (${PAGE_ORDER}) = 1
        THEN (SELECT coalesce(json_agg(x), '[]'::json) FROM (${counts}) x) END`.as('counts'),
    ])
    .orderBy('c.rank', 'desc')
    .orderBy(sql`c.due_date ASC NULLS LAST`)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
  return { counts, items, readsAll }
}

export async function workQueue(db: DB, p: Principal, q: WorkQueueQuery): Promise<WorkQueue> {
  const all = await handledOrgs(db, p)
  const orgs = q.org ? all.filter((o) => o.id === q.org) : all
  const empty = (): QueueCounts => ({ all: 0, unassigned: 0, mine: 0, overdue: 0, waiting: 0, unread: 0 })
  if (orgs.length === 0) return { groups: [], totals: empty(), items: [], truncated: false }
  const me = p.userId
  const { counts, items, readsAll } = queueQueries(db, p, q, orgs)
  const rows = await items.execute()
  const carried = rows[0]?.counts
  const counted: CountRow[] =
    carried === undefined || carried === null
      ? await counts.execute()
      : typeof carried === 'string'
        ? JSON.parse(carried)
        : carried
  const byOrg = new Map(counted.map((r) => [r.org_id, r]))
  const totals = empty()
  const groups = orgs.map((org) => {
    const r = byOrg.get(org.id)
    const counts = empty()
    if (r) for (const k of Object.keys(counts) as (keyof QueueCounts)[]) counts[k] = Number(r[k])
    for (const k of Object.keys(counts) as (keyof QueueCounts)[]) totals[k] += counts[k]
    return { org: { id: org.id, name: org.name }, counts }
  })

  const page = rows.slice(0, q.limit)
  const orgOf = new Map(orgs.map((o) => [o.id, o]))
  // The policy judges each row, or its whole cooperative where it reads every case there (and the
  // statement sent no participants for those rows).
  const visible = page.filter((r) => {
    const org = orgOf.get(r.org_id)
    if (!org) return false
    if (readsAll.has(org.id)) return true
    return (
      r.participation !== null &&
      can(p, 'case.read', {
        type: 'case',
        org,
        case: caseFactsFromListed({ ...r, participation: r.participation }),
      })
    )
  })
  return {
    groups,
    totals,
    truncated: rows.length > q.limit,
    items: visible.map(
      (r): QueueItem => ({
        id: r.id,
        orgId: r.org_id,
        number: r.number,
        title: r.title,
        priority: r.priority,
        status: r.status,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
        dueDate: r.due_date,
        place: r.apartment_number ?? r.building_name ?? null,
        createdAt: new Date(r.created_at).toISOString(),
        flags: {
          unassigned: r.assignee_id === null,
          mine: r.assignee_id === me,
          overdue: Boolean(r.overdue),
          waiting: r.status === 'waiting',
          unread: Boolean(r.unread),
        },
      }),
    ),
  }
}
