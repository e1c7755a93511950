import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportResult } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { dayOffset, financeWorld } from '../finance/testWorld.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { expectTotalsMatchRows, section } from './testWorld.ts'

/**
 * Report 4 (project progress): the cooperative's delegated tasks for its board and manager, the
 * tasks delegated to a company for its contractors in every cooperative; the board and label
 * filters and their choices (only boards and labels the reader's tasks carry); who gets 404 and 403.
 */
describe.each(ENGINES)('project progress report on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  async function board(db: DB, orgId: string, title: string) {
    return (
      await db
        .insertInto('boards')
        .values({ org_id: orgId, title, created_by: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  }
  async function task(
    db: DB,
    orgId: string,
    boardId: string,
    title: string,
    opts: { delegatedOrgId?: string; labels?: string[]; progress?: number; due?: string },
  ) {
    await db
      .insertInto('tasks')
      .values({
        org_id: orgId,
        board_id: boardId,
        card_id: crypto.randomUUID(),
        title,
        delegated_org_id: opts.delegatedOrgId ?? null,
        labels: jsonb(opts.labels ?? []),
        progress: opts.progress ?? 0,
        due: opts.due ?? null,
      } as never)
      .execute()
  }

  async function world() {
    const finance = await financeWorld(t.deps.db)
    const db = t.deps.db
    // The other partner company (financeWorld names only its contractor).
    const { org_id: otherContractorOrg } = await db
      .selectFrom('memberships')
      .select('org_id')
      .where('user_id', '=', finance.otherContractor.id)
      .executeTakeFirstOrThrow()
    const w = { ...finance, otherContractorOrg }
    const facade = await board(db, w.coop.id, 'Julkisivu')
    const yard = await board(db, w.coop.id, 'Piha')
    const internal = await board(db, w.coop.id, 'Sisäinen')
    const far = await board(db, w.away.coop.id, 'Kaukana')
    await task(db, w.coop.id, facade, 'Telineet', {
      delegatedOrgId: w.supplier.id,
      labels: ['remontti'],
      progress: 20,
      due: dayOffset(-3),
    })
    await task(db, w.coop.id, facade, 'Rappaus', {
      delegatedOrgId: w.supplier.id,
      labels: ['piha'],
      progress: 100,
    })
    await task(db, w.coop.id, yard, 'Istutukset', { delegatedOrgId: w.otherContractorOrg, labels: ['piha'] })
    await task(db, w.coop.id, internal, 'Kokous', { labels: ['hallitus'] })
    await task(db, w.away.coop.id, far, 'Katto', { delegatedOrgId: w.supplier.id, labels: ['katto'] })
    return { w, facade, yard, internal, far }
  }

  const get = async (token: string, path: string) => {
    const res = await client(t.app, token).get(path)
    return { status: res.status, body: (res.status === 200 ? await res.json() : null) as ReportResult }
  }
  const tasks = (body: ReportResult) => section(body, 'tasks').rows.map((r) => r.task)

  it('the board and manager read the cooperative’s delegated tasks, filter by board and label', async () => {
    const { w, facade, internal, far } = await world()
    const path = `/api/reports/${w.coop.id}/progress`
    for (const who of [w.board, w.manager]) {
      const { status, body } = await get(who.token, path)
      expect(status).toBe(200)
      expect(tasks(body).sort()).toEqual(['Istutukset', 'Rappaus', 'Telineet'])
      expect(section(body, 'tasks').totals.overdue).toBe(1)
      expectTotalsMatchRows(section(body, 'tasks'))
      // Choices: boards with delegated tasks (not the internal one), their tasks' labels.
      expect(body.options?.boardId?.map((o) => o.label)).toEqual(['Julkisivu', 'Piha'])
      expect(body.options?.label?.map((o) => o.value)).toEqual(['piha', 'remontti'])
    }
    const byBoard = await get(w.board.token, `${path}?boardId=${facade}`)
    expect(tasks(byBoard.body).sort()).toEqual(['Rappaus', 'Telineet'])
    expect(byBoard.body.filters).toEqual({ boardId: facade })
    // The choices stay whole while one is chosen.
    expect(byBoard.body.options?.boardId).toHaveLength(2)
    const byLabel = await get(w.board.token, `${path}?label=piha`)
    expect(tasks(byLabel.body).sort()).toEqual(['Istutukset', 'Rappaus'])
    // The cooperative's own board without delegated tasks: nothing; another cooperative's: 404.
    expect(section((await get(w.board.token, `${path}?boardId=${internal}`)).body, 'tasks').rows).toEqual([])
    expect((await get(w.board.token, `${path}?boardId=${far}`)).status).toBe(404)
    expect((await get(w.board.token, `${path}?label=${'x'.repeat(101)}`)).status).toBe(422)
    // The export names the chosen board, not its id.
    const csv = await (
      await client(t.app, w.board.token).get(`${path}/export?format=csv&lang=en&boardId=${facade}`)
    ).text()
    expect(csv).toContain('Board,Julkisivu')
    expect(csv).not.toContain(facade)
    for (const who of [w.accountant, w.owner, w.resident, w.maintenance]) {
      expect((await get(who.token, path)).status).toBe(403)
    }
    for (const who of [w.stranger, w.contractor, w.investor]) {
      expect((await get(who.token, path)).status).toBe(404)
    }
  })

  it('a contractor reads the tasks delegated to their company in every cooperative, nothing else', async () => {
    const { w, facade, yard } = await world()
    const path = `/api/reports/${w.supplier.id}/progress`
    const { status, body } = await get(w.contractor.token, path)
    expect(status).toBe(200)
    expect(tasks(body).sort()).toEqual(['Katto', 'Rappaus', 'Telineet'])
    // Boards in several cooperatives: each choice names its cooperative.
    expect(body.options?.boardId?.map((o) => o.label).sort()).toEqual(
      [`${w.away.coop.name} · Kaukana`, `${w.coop.name} · Julkisivu`].sort(),
    )
    expect(body.options?.label?.map((o) => o.value)).toEqual(['katto', 'piha', 'remontti'])
    expect(tasks((await get(w.contractor.token, `${path}?boardId=${facade}`)).body).sort()).toEqual([
      'Rappaus',
      'Telineet',
    ])
    // A board of the cooperative with nothing delegated to this company: 404, as a made-up id.
    expect((await get(w.contractor.token, `${path}?boardId=${yard}`)).status).toBe(404)
    expect((await get(w.contractor.token, `${path}?boardId=${crypto.randomUUID()}`)).status).toBe(404)
    // Another company's contractor sees only theirs and cannot name this company's board.
    const other = await get(w.otherContractor.token, `/api/reports/${w.otherContractorOrg}/progress`)
    expect(tasks(other.body)).toEqual(['Istutukset'])
    expect(other.body.options?.boardId?.map((o) => o.label)).toEqual([`${w.coop.name} · Piha`])
    expect(
      (await get(w.otherContractor.token, `/api/reports/${w.otherContractorOrg}/progress?boardId=${facade}`))
        .status,
    ).toBe(404)
    for (const who of [w.otherContractor, w.board, w.stranger]) {
      expect((await get(who.token, path)).status).toBe(404)
    }
    // The supplier's maintenance staff hold no contractor role: 403.
    expect((await get(w.supplierStaff.token, path)).status).toBe(403)
  })
})
