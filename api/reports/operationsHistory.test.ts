import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportResult } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import { createOrg, member } from '../../server/test/factories.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addCase, section } from './testWorld.ts'

/**
 * Report 9's service history: the cases and board tasks done in the held properties, when and by
 * whom, for each investor role; nothing of a property the portfolio does not hold, no case title,
 * and the same refusals as the rest of the report (another organisation 404, a role without it 403).
 */
describe.each(ENGINES)('operations service history on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  // A past year, so the history does not move with today.
  const Y = new Date().getUTCFullYear() - 1

  async function task(
    db: DB,
    orgId: string,
    opts: { progress: number; at: string; delegatedOrgId?: string; assigneeId?: string },
  ) {
    const board = await db
      .insertInto('boards')
      .values({ org_id: orgId, title: 'Kunnossapito', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('tasks')
      .values({
        org_id: orgId,
        board_id: board.id,
        card_id: crypto.randomUUID(),
        title: 'Salainen tehtävä',
        progress: opts.progress,
        delegated_org_id: opts.delegatedOrgId ?? null,
        assignee_id: opts.assigneeId ?? null,
        updated_at: new Date(opts.at),
      } as never)
      .execute()
  }

  async function world() {
    const w = await financeWorld(t.deps.db)
    const db = t.deps.db
    const building = await db
      .selectFrom('apartments')
      .select('building_id')
      .where('id', '=', w.a1)
      .executeTakeFirstOrThrow()
    // Held: a heating case handled by the manager in A, a case with the cooperative's own category
    // resolved by a board member, one still open, one done the year before.
    const heating = await addCase(db, w.coop.id, w.owner.id, {
      createdAt: `${Y}-03-01T08:00:00Z`,
      resolvedAt: `${Y}-03-04T08:00:00Z`,
    })
    await db
      .updateTable('cases')
      .set({ category: 'heating', assignee_id: w.manager.id, building_id: building.building_id })
      .where('id', '=', heating)
      .execute()
    const pipes = await addCase(db, w.coop.id, w.owner.id, {
      createdAt: `${Y}-05-01T08:00:00Z`,
      resolvedAt: `${Y}-05-11T08:00:00Z`,
    })
    await db
      .updateTable('case_status_history')
      .set({ changed_by: w.board.id })
      .where('case_id', '=', pipes)
      .where('seq', '=', 2)
      .execute()
    await db
      .insertInto('case_categories')
      .values({ org_id: w.coop.id, key: 'plumbing', name: 'Putkityöt' })
      .execute()
    await addCase(db, w.coop.id, w.owner.id, { createdAt: `${Y}-06-01T08:00:00Z` })
    await addCase(db, w.coop.id, w.owner.id, {
      createdAt: `${Y - 1}-06-01T08:00:00Z`,
      resolvedAt: `${Y - 1}-06-02T08:00:00Z`,
    })
    // Board tasks: one delegated to the supplier, one the board member did, one half done.
    await task(db, w.coop.id, { progress: 100, at: `${Y}-04-10T10:00:00Z`, delegatedOrgId: w.supplier.id })
    await task(db, w.coop.id, { progress: 100, at: `${Y}-02-10T10:00:00Z`, assigneeId: w.board.id })
    await task(db, w.coop.id, { progress: 50, at: `${Y}-02-11T10:00:00Z` })
    // Not held: the other cooperative's work never shows.
    await addCase(db, w.away.coop.id, w.stranger.id, {
      createdAt: `${Y}-03-01T08:00:00Z`,
      resolvedAt: `${Y}-03-02T08:00:00Z`,
    })
    await task(db, w.away.coop.id, { progress: 100, at: `${Y}-03-10T10:00:00Z` })

    const supplier = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', w.supplier.id)
      .executeTakeFirstOrThrow()
    const readers = [
      w.investor,
      await member(db, w.portfolio.id, 'portfolio_manager'),
      await member(db, w.portfolio.id, 'investor_representative'),
      await member(db, w.portfolio.id, 'auditor'),
    ]
    const portfolioAdmin = await member(db, w.portfolio.id, 'org_admin')
    const otherPortfolio = await createOrg(db, { kind: 'investor_portfolio' })
    const otherInvestor = await member(db, otherPortfolio.id, 'investor')
    return { w, supplierName: supplier.name, readers, portfolioAdmin, otherPortfolio, otherInvestor }
  }

  const get = async (token: string, path: string) => {
    const res = await client(t.app, token).get(path)
    return { status: res.status, body: (res.status === 200 ? await res.json() : null) as ReportResult }
  }

  it('every investor role reads the held properties’ work, when and by whom, and no case title', async () => {
    const { w, supplierName, readers } = await world()
    const path = `/api/reports/${w.portfolio.id}/operations?year=${Y}`
    for (const who of readers) {
      const { status, body } = await get(who.token, path)
      expect(status).toBe(200)
      const history = section(body, 'history')
      expect(history.rows).toEqual([
        {
          property: w.coop.name,
          done: `${Y}-05-11`,
          work: 'case',
          category: 'Putkityöt',
          building: null,
          doneBy: w.board.name,
          days: 10,
        },
        {
          property: w.coop.name,
          done: `${Y}-04-10`,
          work: 'task',
          category: null,
          building: null,
          doneBy: supplierName,
          days: null,
        },
        {
          property: w.coop.name,
          done: `${Y}-03-04`,
          work: 'case',
          category: 'heating',
          building: 'A',
          doneBy: w.manager.name,
          days: 3,
        },
        {
          property: w.coop.name,
          done: `${Y}-02-10`,
          work: 'task',
          category: null,
          building: null,
          doneBy: w.board.name,
          days: null,
        },
      ])
      // The list is what the counts above it count: its cases are the closed, its tasks the done.
      const counts = section(body, 'properties').rows[0]!
      expect(history.rows.filter((r) => r.work === 'case')).toHaveLength(Number(counts.closed))
      expect(history.rows.filter((r) => r.work === 'task')).toHaveLength(Number(counts.tasksDone))
      // Neither a case's title nor a task's leaves the cooperative.
      expect(JSON.stringify(body)).not.toMatch(/Vuoto|Salainen/)
    }
  })

  it('CSV and PDF carry the history; another portfolio, the cooperative and a role without it get nothing', async () => {
    const { w, readers, portfolioAdmin, otherPortfolio, otherInvestor } = await world()
    const path = `/api/reports/${w.portfolio.id}/operations`
    const csv = await client(t.app, w.investor.token).get(`${path}/export?format=csv&lang=fi&year=${Y}`)
    expect(csv.status).toBe(200)
    const text = await csv.text()
    expect(text).toContain('Huoltohistoria')
    expect(text).toContain('Kohde;Valmistui;Työ;Tapauksen luokka;Rakennus;Tekijä;Käsittely (pv)')
    expect(text).toContain(`${w.coop.name};${Y}-03-04;Käsitelty tapaus;Lämmitys;A;${w.manager.name};3,0`)
    expect(text).not.toMatch(/Vuoto|Salainen/)
    const pdf = await client(t.app, readers[1]!.token).get(`${path}/export?format=pdf&lang=sv&year=${Y}`)
    expect(pdf.status).toBe(200)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    // Another portfolio's investor, the cooperative's board, another cooperative: 404.
    for (const who of [otherInvestor, w.board, w.owner2, w.stranger]) {
      expect((await get(who.token, `${path}?year=${Y}`)).status).toBe(404)
      expect((await client(t.app, who.token).get(`${path}/export?format=csv`)).status).toBe(404)
    }
    // The portfolio's org admin manages holdings but reads no reports: 403.
    expect((await get(portfolioAdmin.token, `${path}?year=${Y}`)).status).toBe(403)
    // A portfolio that holds nothing has no history, whatever its investor asks for.
    const own = await get(otherInvestor.token, `/api/reports/${otherPortfolio.id}/operations?year=${Y}`)
    expect(own.status).toBe(200)
    expect(section(own.body, 'history').rows).toEqual([])
    // A suspended cooperative drops out of the history as out of the counts.
    await t.deps.db
      .updateTable('organisations')
      .set({ status: 'suspended' })
      .where('id', '=', w.coop.id)
      .execute()
    expect(section((await get(w.investor.token, `${path}?year=${Y}`)).body, 'history').rows).toEqual([])
  })
})
