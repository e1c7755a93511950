import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUEUE_PAGE, type WorkQueue, WorkQueueQuery } from '../../schema/api/workQueue.ts'
import { can } from '../../schema/policy.ts'
import { loadCaseFacts } from '../../server/access/caseFacts.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import {
  addCaseParticipant,
  addMembership,
  createBuilding,
  createOrg,
  createUser,
  member,
  signIn,
} from '../../server/test/factories.ts'
import { dayOffset } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { genericPlan } from '../test/plans.ts'
import { countingApp } from '../test/statements.ts'
import { handledOrgs, queueQueries } from './queue.ts'
import { addCase, addCaseMessage } from './testWorld.ts'

describe.each(ENGINES)('work queue on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function world() {
    const db = t.deps.db
    const mgmt = await createOrg(db, { kind: 'management_company' })
    const coops = [] as { id: string; buildingId: string }[]
    for (let i = 0; i < 3; i++) {
      const coop = await createOrg(db, {
        managedBy: mgmt.id,
        name: `As Oy Jono ${i} ${crypto.randomUUID().slice(0, 4)}`,
      })
      coops.push({ id: coop.id, ...(await createBuilding(db, coop.id)) })
    }
    const manager = await member(db, mgmt.id, 'property_manager')
    const reporter = await createUser(db)
    for (const c of coops) await addMembership(db, c.id, reporter.id, 'resident')
    const away = await createOrg(db, { managedBy: (await createOrg(db, { kind: 'management_company' })).id })
    return { db, mgmt, coops, manager, reporter, away }
  }

  it('answers in two statements whatever the number of cooperatives and items (issue 19)', async () => {
    const w = await world()
    for (const c of w.coops) for (let i = 0; i < 3; i++) await addCase(w.db, c.id, w.reporter.id)
    // The organisations; the items with the participants the policy needs for each and, on the
    // first row, the counts.
    const counted = await countingApp(t).get<WorkQueue>(w.manager.token, '/api/work-queue')
    expect(counted.statements).toBe(2)
    expect(counted.body.totals.all).toBe(9)
    expect(counted.body.items).toHaveLength(9)
    // An empty bucket has no row to carry the counts: they are asked on their own.
    const empty = await countingApp(t).get<WorkQueue>(w.manager.token, '/api/work-queue?bucket=waiting')
    expect(empty.statements).toBe(3)
    expect(empty.body.totals).toMatchObject({ all: 9, waiting: 0 })
    expect(empty.body.items).toEqual([])
  })

  it('returns a page of 50 by default and more when asked (the page\'s "Show more")', async () => {
    const w = await world()
    const [coop] = w.coops as [(typeof w.coops)[0]]
    for (let i = 0; i < 60; i++) await addCase(w.db, coop.id, w.reporter.id)
    const first = await client(t.app, w.manager.token).get('/api/work-queue')
    expect(first.status).toBe(200)
    const page = (await first.json()) as WorkQueue
    expect(page.items).toHaveLength(QUEUE_PAGE)
    expect(page.truncated).toBe(true)
    expect(page.totals.all).toBe(60)
    const res = await client(t.app, w.manager.token).get(`/api/work-queue?limit=${2 * QUEUE_PAGE}`)
    const more = (await res.json()) as WorkQueue
    expect(more.items).toHaveLength(60)
    expect(more.truncated).toBe(false)
    // The first page is the start of the longer one: "Show more" appends, it does not reshuffle.
    expect(more.items.slice(0, QUEUE_PAGE).map((i) => i.id)).toEqual(page.items.map((i) => i.id))
  })

  it('a manager of three cooperatives gets every open case, counted per cooperative and bucket', async () => {
    const w = await world()
    const [a, b, c] = w.coops as [(typeof w.coops)[0], (typeof w.coops)[0], (typeof w.coops)[0]]
    // A minute older than the others: "newest first" between it and `mine` (same rank, no due date)
    // must not hang on two inserts falling in one tick of the database's clock.
    const fresh = await addCase(w.db, a.id, w.reporter.id, {
      title: 'Fresh',
      createdAt: new Date(Date.now() - 60_000),
    })
    const mine = await addCase(w.db, b.id, w.reporter.id, { status: 'in_progress', assigneeId: w.manager.id })
    const late = await addCase(w.db, b.id, w.reporter.id, {
      status: 'in_progress',
      assigneeId: w.reporter.id,
      dueDate: dayOffset(-3),
    })
    const waiting = await addCase(w.db, c.id, w.reporter.id, {
      status: 'waiting',
      assigneeId: w.manager.id,
      priority: 'urgent',
    })
    await addCase(w.db, c.id, w.reporter.id, { status: 'closed' })
    await addCase(w.db, w.away.id, w.reporter.id, { title: 'Elsewhere' })
    await addCaseMessage(w.db, a.id, fresh, w.reporter.id)
    // A message the manager wrote is not unread for them; a read thread is not unread either.
    await addCaseMessage(w.db, b.id, mine, w.manager.id)
    const readThread = await addCaseMessage(w.db, c.id, waiting, w.reporter.id, new Date(Date.now() - 60_000))
    await w.db
      .insertInto('thread_reads')
      .values({ user_id: w.manager.id, thread_id: readThread, read_at: new Date() })
      .execute()

    const res = await client(t.app, w.manager.token).get('/api/work-queue')
    expect(res.status).toBe(200)
    const q = (await res.json()) as WorkQueue
    expect(q.groups.map((g) => g.org.id).sort()).toEqual([a.id, b.id, c.id].sort())
    expect(q.totals).toEqual({ all: 4, unassigned: 1, mine: 2, overdue: 1, waiting: 1, unread: 1 })
    expect(q.groups.find((g) => g.org.id === b.id)!.counts).toMatchObject({ all: 2, mine: 1, overdue: 1 })
    // Urgent first, then by due date.
    expect(q.items.map((i) => i.id)).toEqual([waiting, late, mine, fresh])
    expect(q.items.find((i) => i.id === fresh)!.flags).toMatchObject({ unassigned: true, unread: true })

    const get = async (query: string) =>
      (
        (await (await client(t.app, w.manager.token).get(`/api/work-queue?${query}`)).json()) as WorkQueue
      ).items.map((i) => i.id)
    expect(await get('bucket=mine')).toEqual([waiting, mine])
    expect(await get('bucket=overdue')).toEqual([late])
    expect(await get('bucket=unassigned')).toEqual([fresh])
    expect(await get('bucket=unread')).toEqual([fresh])
    expect(await get('bucket=waiting')).toEqual([waiting])
    expect(await get(`org=${b.id}`)).toEqual([late, mine])
    expect(await get('q=fres')).toEqual([fresh])
    // Another management company's cooperative, named outright, gives nothing.
    expect(await get(`org=${w.away.id}`)).toEqual([])
  })

  // Where the policy says the caller reads every case of a cooperative (readsEveryCase), its rows
  // are neither sent with their participants nor asked one by one; elsewhere they still are. Either
  // way the queue holds exactly the open cases the policy lets them read, asked case by case.
  it('asks the policy per case only where the caller does not read every case, and loses no row by it', async () => {
    const w = await world()
    const [a] = w.coops as [(typeof w.coops)[0]]
    const other = await w.db
      .insertInto('buildings')
      .values({ org_id: a.id, name: 'B', address: '' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const fixer = await createUser(w.db)
    await addMembership(w.db, a.id, fixer.id, 'maintenance_staff', { buildingId: a.buildingId })
    const cases = [
      await addCase(w.db, a.id, w.reporter.id, { buildingId: a.buildingId }),
      await addCase(w.db, a.id, w.reporter.id, { buildingId: other.id }),
      await addCase(w.db, a.id, w.reporter.id, { buildingId: other.id, assigneeId: fixer.id }),
      await addCase(w.db, a.id, w.reporter.id, { buildingId: other.id }),
      await addCase(w.db, a.id, w.reporter.id, { buildingId: other.id, status: 'resolved' }),
    ]
    await addCaseParticipant(w.db, cases[3]!, fixer.id, null)
    for (const [userId, token, perCase] of [
      [w.manager.id, w.manager.token, false],
      [fixer.id, await signIn(w.db, fixer.id), true],
    ] as const) {
      const principal = await loadPrincipal(w.db, { userId, mfaVerified: true })
      const readable = []
      for (const id of cases.slice(0, 4)) {
        const loaded = await loadCaseFacts(w.db, id)
        if (loaded && can(principal, 'case.read', { type: 'case', org: loaded.org, case: loaded.facts }))
          readable.push(id)
      }
      // The manager reads all four open cases; the fixer theirs, the one assigned and the one
      // they take part in, not the other building's fourth.
      expect(readable).toHaveLength(perCase ? 3 : 4)
      const counted = await countingApp(t).get<WorkQueue>(token, `/api/work-queue?org=${a.id}`)
      expect(counted.body.items.map((i) => i.id).sort()).toEqual(readable.sort())
      expect(counted.sql.some((s) => s.includes('json_build_array(p.user_id'))).toBe(perCase)
    }
  })

  // 0051: the first page of one cooperative read in index order, not all its open cases sorted.
  it("reads a cooperative's page from its index (cases_queue_page), generic plan included", async () => {
    const w = await world()
    const [a] = w.coops as [(typeof w.coops)[0]]
    await sql`
      INSERT INTO cases (org_id, number, reporter_id, title, category, status, priority, created_at, updated_at)
      SELECT ${a.id}::uuid, 5000 + n, ${w.reporter.id}::uuid, 'Hana ' || n, 'other',
        CASE WHEN n % 4 = 0 THEN 'closed' ELSE 'new' END, CASE WHEN n % 7 = 0 THEN 'high' ELSE 'normal' END,
        now() - n * interval '1 hour', now()
      FROM generate_series(1, 400) AS n`.execute(w.db)
    await sql`ANALYZE cases`.execute(w.db)
    const principal = await loadPrincipal(w.db, { userId: w.manager.id, mfaVerified: true })
    const orgs = (await handledOrgs(w.db, principal)).filter((o) => o.id === a.id)
    const { items } = queueQueries(w.db, principal, WorkQueueQuery.parse({}), orgs)
    const plan = await genericPlan(w.db, items.compile())
    expect(plan).toContain('cases_queue_page')
  })

  // 0052 (session 15): a manager of many cooperatives. Before, the page read every open case of
  // them all and sorted it (cases_queue_page leads with the cooperative), and each cooperative was
  // a parameter of its own, three times over: at 500 cooperatives 26 ms of planning per request.
  it('reads the page of a manager of many cooperatives in order (cases_queue_order), the cooperatives one parameter', async () => {
    const w = await world()
    const more: string[] = []
    for (let i = 0; i < 30; i++) more.push((await createOrg(w.db, { managedBy: w.mgmt.id })).id)
    const ids = [...w.coops.map((c) => c.id), ...more]
    await sql`
      INSERT INTO cases (org_id, number, reporter_id, title, category, status, priority, due_date, created_at, updated_at)
      SELECT o, 6000 + n, ${w.reporter.id}::uuid, 'Hana ' || n, 'other',
        CASE WHEN n % 4 = 0 THEN 'closed' ELSE 'new' END, CASE WHEN n % 7 = 0 THEN 'high' ELSE 'normal' END,
        CASE WHEN n % 5 = 0 THEN current_date + n END, now() - n * interval '1 hour' - o.k * interval '1 second', now()
      FROM unnest(${`{${ids.join(',')}}`}::uuid[]) WITH ORDINALITY AS o(o, k), generate_series(1, 40) AS n`.execute(
      w.db,
    )
    await sql`ANALYZE cases`.execute(w.db)
    const principal = await loadPrincipal(w.db, { userId: w.manager.id, mfaVerified: true })
    const orgs = await handledOrgs(w.db, principal)
    expect(orgs).toHaveLength(ids.length)
    const { items } = queueQueries(w.db, principal, WorkQueueQuery.parse({}), orgs)
    const q = items.compile()
    expect(q.parameters.length).toBeLessThan(20)
    expect(await genericPlan(w.db, q)).toContain('cases_queue_order')
    // The same page as the order written out plainly.
    const expected = await sql<{ id: string }>`
      SELECT id FROM cases WHERE org_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND status IN ('new', 'in_progress', 'waiting')
      ORDER BY CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END DESC,
        due_date ASC NULLS LAST, created_at DESC, id LIMIT ${QUEUE_PAGE}`.execute(w.db)
    const res = (await (await client(t.app, w.manager.token).get('/api/work-queue')).json()) as WorkQueue
    expect(res.items.map((i) => i.id)).toEqual(expected.rows.map((r) => r.id))
    expect(res.totals.all).toBe(ids.length * 30)
  })

  it('residents, contractors and others get an empty queue; maintenance staff only their building', async () => {
    const w = await world()
    const [a] = w.coops as [(typeof w.coops)[0]]
    const second = await w.db
      .insertInto('buildings')
      .values({ org_id: a.id, name: 'B', address: '' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const here = await addCase(w.db, a.id, w.reporter.id, { buildingId: a.buildingId })
    await addCase(w.db, a.id, w.reporter.id, { buildingId: second.id })
    const fixer = await createUser(w.db)
    await addMembership(w.db, a.id, fixer.id, 'maintenance_staff', { buildingId: a.buildingId })
    const q = (await (
      await client(t.app, await signIn(w.db, fixer.id)).get('/api/work-queue')
    ).json()) as WorkQueue
    expect(q.items.map((i) => i.id)).toEqual([here])
    expect(q.totals.all).toBe(1)

    const partner = await createOrg(w.db, { kind: 'partner_company' })
    const contractor = await member(w.db, partner.id, 'contractor')
    for (const token of [await signIn(w.db, w.reporter.id), contractor.token]) {
      const res = (await (await client(t.app, token).get('/api/work-queue')).json()) as WorkQueue
      expect(res).toEqual({
        groups: [],
        totals: expect.objectContaining({ all: 0 }),
        items: [],
        truncated: false,
      })
    }
    // Staff without their second factor have no staff grants.
    const unverified = await client(t.app, await signIn(w.db, w.manager.id, false)).get('/api/work-queue')
    expect(((await unverified.json()) as WorkQueue).groups).toEqual([])
    expect((await client(t.app).get('/api/work-queue')).status).toBe(401)
    expect((await client(t.app, w.manager.token).get('/api/work-queue?limit=100000')).status).toBe(422)
    expect((await client(t.app, w.manager.token).get('/api/work-queue?bucket=everything')).status).toBe(422)
  })
})
