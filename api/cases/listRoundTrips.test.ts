import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCaseParticipant } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { countingApp } from '../test/statements.ts'
import { caseWorld, reportCase } from './testWorld.ts'

/**
 * Issue 19: a page of the case list costs a fixed number of statements, whatever the number of
 * cases on it (it took eight before: the organisation, the count, the page, the participants, the
 * threads, the unread counts and two for the filter choices; now one: the organisation's row comes
 * from the session cache, everything else rides on the page's statement), and the answer is the one the case page gives
 * for each case (api/cases/detail.ts still reads the unread counts per thread, the old way).
 * The statements are counted on the real database (api/test/statements.ts).
 */
describe.each(ENGINES)('case list round trips on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  type Summary = { id: string; title: string; unread: number; assignee: { id: string } | null }
  type CaseListBody = { cases: Summary[]; total: number; filterOptions?: unknown }

  it('answers a page in one statement whatever its size, as the case page answers each case', async () => {
    const w = await caseWorld(t)
    const db = t.deps.db
    const org = w.home.coop.id
    // Three reported the usual way (document, conversation, internal notes) and 22 more rows.
    const reported = [
      await reportCase(t, w.reporter.token, org, { title: 'Eka' }),
      await reportCase(t, w.reporter.token, org, { title: 'Toka' }),
      await reportCase(t, w.reporter.token, org, { title: 'Kolmas' }),
    ]
    await sql`
      INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
      SELECT ${org}::uuid, 100 + n, ${w.board.id}::uuid, 'Hallitus ' || n, 'other', 'new',
        now() - n * interval '1 hour', now()
      FROM generate_series(1, 22) AS n`.execute(db)
    // Unread: the board wrote twice in the first case's conversation and once in its notes; the
    // reporter may read the conversation only, the manager both.
    const threads = await db
      .selectFrom('threads')
      .select(['id', 'layer'])
      .where('case_id', '=', reported[0]!.id)
      .execute()
    const inLayer = (layer: string) => threads.find((x) => x.layer === layer)!.id
    for (const [i, threadId] of [inLayer('case'), inLayer('case'), inLayer('internal')].entries())
      await db
        .insertInto('messages')
        .values({
          org_id: org,
          thread_id: threadId,
          id: crypto.randomUUID(),
          author_id: w.board.id,
          text: `Viesti ${i}`,
          created_at: new Date(),
          seq: i + 1,
        })
        .execute()
    // The contractor takes part in the second case through the partner company: the policy lets
    // them see it only through the participation the list now reads in its page query.
    await addCaseParticipant(db, reported[1]!.id, w.contractor.id, w.pipes.id)

    const api = countingApp(t)
    const path = `/api/cases?org=${org}&sort=number&order=asc`
    const first = await api.get<CaseListBody>(w.manager.token, path)
    // The page: rows, total, participants, unread, the filter choices (the organisation is cached).
    expect(first.statements).toBe(1)
    expect(first.body.total).toBe(25)
    expect(first.body.cases).toHaveLength(20)
    expect(first.body.cases.slice(0, 3).map((c) => c.unread)).toEqual([3, 0, 0])
    expect(first.body.filterOptions).toEqual({
      buildings: [{ id: w.home.buildingId, name: expect.any(String) }],
      assignees: [],
    })
    // The same statements for a page of five.
    const last = await api.get<CaseListBody>(w.manager.token, `${path}&page=2`)
    expect(last.statements).toBe(1)
    expect(last.body.filterOptions).toEqual(first.body.filterOptions)
    expect(last.body.total).toBe(25)
    expect(last.body.cases).toHaveLength(5)
    // Past the end there is no row to carry the total and the choices: two statements more, the
    // same answer.
    const past = await api.get<CaseListBody>(w.manager.token, `${path}&page=3`)
    expect(past.statements).toBe(3)
    expect(past.body).toMatchObject({ total: 25, cases: [], filterOptions: first.body.filterOptions })

    // The resident: their own three cases, the internal notes not counted.
    const mine = await api.get<CaseListBody>(w.reporter.token, path)
    expect(mine.statements).toBe(1)
    expect(mine.body.total).toBe(3)
    expect(mine.body.cases.map((c) => [c.title, c.unread])).toEqual([
      ['Eka', 2],
      ['Toka', 0],
      ['Kolmas', 0],
    ])
    // The contractor, outside the cooperative: one statement more to find they take part in one.
    const theirs = await api.get<CaseListBody>(w.contractor.token, path)
    expect(theirs.statements).toBe(2)
    expect(theirs.body.cases.map((c) => c.id)).toEqual([reported[1]!.id])

    // Each row as the case page shows that case to the same person.
    for (const [token, list] of [
      [w.manager.token, [...first.body.cases, ...last.body.cases]],
      [w.reporter.token, mine.body.cases],
      [w.contractor.token, theirs.body.cases],
    ] as const) {
      for (const row of list) {
        const detail = await client(t.app, token).get(`/api/cases/${row.id}`)
        expect(await detail.json()).toMatchObject(row)
      }
    }
  })
})
