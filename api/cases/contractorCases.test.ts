import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignContractor, createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * A contractor's "Cases" lives under their own company (`GET /api/cases?org=<partner company>`):
 * the cases of any cooperative they are assigned to, and nothing else of those cooperatives.
 */
describe.each(ENGINES)('contractor case list on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('lists only the cases assigned to the contractor, across cooperatives', async () => {
    const db = t.deps.db
    const home = await managedCooperative(db)
    const other = await managedCooperative(db)
    const pipes = await createOrg(db, { kind: 'partner_company' })
    const contractor = await member(db, pipes.id, 'contractor')
    const colleague = await member(db, pipes.id, 'contractor')
    const stranger = await member(db, other.coop.id, 'resident')
    const reporters = [
      await member(db, home.coop.id, 'resident'),
      await member(db, other.coop.id, 'resident'),
    ]

    const report = async (reporterIndex: 0 | 1, title: string, assignee: string | null) => {
      const reporter = reporters[reporterIndex]!
      const org = reporterIndex === 0 ? home.coop.id : other.coop.id
      const res = await client(t.app, reporter.token).post('/api/cases', {
        org,
        title,
        description: 'Kuvaus',
        category: 'water_damage',
      })
      expect(res.status).toBe(201)
      const { id } = (await res.json()) as { id: string }
      if (assignee) await assignContractor(db, id, assignee, pipes.id)
      return id
    }
    const mineHome = await report(0, 'Vuoto A-rapussa', contractor.id)
    await report(0, 'Ovi jumissa', null)
    const mineOther = await report(1, 'Patteri kylmä', contractor.id)
    const theirs = await report(1, 'Valo rikki', colleague.id)

    const listed = async (token: string, org: string) => {
      const res = await client(t.app, token).get(`/api/cases?org=${org}&status=`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { cases: Array<{ id: string }>; abilities: { create: boolean } }
      return { ids: body.cases.map((c) => c.id).sort(), create: body.abilities.create }
    }
    expect(await listed(contractor.token, pipes.id)).toEqual({
      ids: [mineHome, mineOther].sort(),
      create: false,
    })
    expect(await listed(colleague.token, pipes.id)).toEqual({ ids: [theirs], create: false })
    // Within one cooperative: still only their own case.
    expect((await listed(contractor.token, home.coop.id)).ids).toEqual([mineHome])
    // Someone outside the company gets nothing, not even that it exists.
    const outside = await client(t.app, stranger.token).get(`/api/cases?org=${pipes.id}`)
    expect(outside.status).toBe(404)
    expect(Object.keys((await outside.json()) as object)).toEqual(['error'])
  })
})
