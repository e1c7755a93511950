import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readCase } from '../../schema/docs/case.ts'
import { assignContractor } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { caseWorld, reportCase } from './testWorld.ts'

/**
 * Reporting a case and the lists: what a new case carries, what is refused, filters, sort and
 * paging, the filter options, unread counts, and per-cooperative categories. Who sees a case:
 * visibility.test.ts.
 */
describe.each(ENGINES)('cases API on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const world = () => caseWorld(t)
  const report = (token: string, org: string, extra?: Record<string, unknown>) =>
    reportCase(t, token, org, extra)

  it('creates a case with its document, thread, internal notes and first history entry', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    expect(created.status).toBe('new')
    expect(created.number).toBe(1)
    // Location prefilled from the reporter's membership.
    expect(created.apartment?.id).toBe(w.home.apartmentId)
    expect(created.building?.id).toBe(w.home.buildingId)
    expect(created.documents.case).toBe(`${w.home.coop.id}/case/${created.id}`)
    expect(created.documents.notes).toBeUndefined()
    expect(created.abilities).toEqual(['case.read', 'case.edit', 'case.comment'])
    expect(created.history).toMatchObject([{ status: 'new', by: { id: w.reporter.id } }])
    const threads = await t.deps.db
      .selectFrom('threads')
      .select(['layer', 'kind', 'audience'])
      .where('case_id', '=', created.id)
      .orderBy('layer')
      .execute()
    expect(threads).toEqual([
      { layer: 'case', kind: 'case', audience: 'board' },
      { layer: 'internal', kind: 'case', audience: 'board' },
    ])
    const snap = await t.deps.db
      .selectFrom('collab_documents')
      .select('snapshot')
      .where('name', '=', created.documents.case)
      .executeTakeFirstOrThrow()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(snap.snapshot))
    expect(readCase(doc)).toMatchObject({
      title: 'Vuotava hana keittiössä',
      description: 'Hana tippuu koko ajan.',
      status: 'new',
      category: 'water_damage',
    })
    const second = await report(w.reporter.token, w.home.coop.id)
    expect(second.number).toBe(2)
    const managerView = await client(t.app, w.manager.token).get(`/api/cases/${created.id}`)
    const body = (await managerView.json()) as { documents: { notes?: string }; abilities: string[] }
    expect(body.documents.notes).toMatch(/\/thread\//)
    expect(body.abilities).toContain('case.manage')
  })

  it('refuses an unknown category and a place in another cooperative', async () => {
    const w = await world()
    const api = client(t.app, w.reporter.token)
    const bad = await api.post('/api/cases', { org: w.home.coop.id, title: 'x', category: 'dragons' })
    expect(bad.status).toBe(422)
    const elsewhere = await api.post('/api/cases', {
      org: w.home.coop.id,
      title: 'x',
      category: 'other',
      apartmentId: w.away.apartmentId,
    })
    expect(elsewhere.status).toBe(422)
  })

  it('lists with filters, sort and paging', async () => {
    const w = await world()
    await report(w.reporter.token, w.home.coop.id, { title: 'A', category: 'noise', priority: 'low' })
    await report(w.reporter.token, w.home.coop.id, { title: 'B', category: 'heating', priority: 'urgent' })
    await report(w.board.token, w.home.coop.id, { title: 'C', category: 'yard', priority: 'high' })
    const api = client(t.app, w.manager.token)
    const list = async (qs: string) =>
      (await (await api.get(`/api/cases?org=${w.home.coop.id}${qs}`)).json()) as {
        cases: Array<{ title: string }>
        total: number
      }
    expect((await list('&sort=priority&order=desc')).cases.map((c) => c.title)).toEqual(['B', 'C', 'A'])
    expect((await list('&category=heating')).cases.map((c) => c.title)).toEqual(['B'])
    expect((await list('&status=new,in_progress')).total).toBe(3)
    expect((await list('&status=closed')).total).toBe(0)
    const page = await list('&sort=number&order=asc&pageSize=2&page=2')
    expect(page.cases.map((c) => c.title)).toEqual(['C'])
    expect(page.total).toBe(3)
    expect((await list(`&building=${w.home.buildingId}`)).total).toBe(2)
    expect((await list('&assignee=none')).total).toBe(3)
    const mine = (await (
      await client(t.app, w.board.token).get(`/api/cases?org=${w.home.coop.id}&mine=1`)
    ).json()) as { cases: Array<{ title: string }> }
    expect(mine.cases.map((c) => c.title)).toEqual(['C'])
    const bad = await api.get(`/api/cases?org=${w.home.coop.id}&status=bogus`)
    expect(bad.status).toBe(422)
  })

  it('offers building and assignee filters from the cases the caller may see, and nothing else', async () => {
    const w = await world()
    const db = t.deps.db
    const annex = await db
      .insertInto('buildings')
      .values({ org_id: w.home.coop.id, name: 'B-talo', address: 'Koivukuja 3' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const own = await report(w.reporter.token, w.home.coop.id, { title: 'Oma' })
    const other = await report(w.board.token, w.home.coop.id, { title: 'Annex', buildingId: annex.id })
    await db.updateTable('cases').set({ assignee_id: w.manager.id }).where('id', '=', other.id).execute()
    await assignContractor(db, own.id, w.contractor.id, w.pipes.id)
    type Options = { buildings: Array<{ id: string }>; assignees: Array<{ id: string }> }
    const optionsOf = async (token: string, org = `?org=${w.home.coop.id}`) => {
      const res = await client(t.app, token).get(`/api/cases${org}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { filterOptions?: Options }
      return body.filterOptions
        ? {
            buildings: body.filterOptions.buildings.map((b) => b.id).sort(),
            assignees: body.filterOptions.assignees.map((a) => a.id).sort(),
          }
        : undefined
    }
    expect(await optionsOf(w.manager.token)).toEqual({
      buildings: [w.home.buildingId, annex.id].sort(),
      assignees: [w.manager.id, w.contractor.id].sort(),
    })
    // The reporter sees their own case only: its building and its assignee, not the board's case.
    expect(await optionsOf(w.reporter.token)).toEqual({
      buildings: [w.home.buildingId],
      assignees: [w.contractor.id],
    })
    // A neighbour sees no case, so no choices; the assigned contractor only what it is assigned.
    expect(await optionsOf(w.neighbour.token)).toEqual({ buildings: [], assignees: [] })
    expect(await optionsOf(w.contractor.token)).toEqual({
      buildings: [w.home.buildingId],
      assignees: [w.contractor.id],
    })
    // No organisation, no choices; another cooperative's resident gets the same 404 as for the list.
    expect(await optionsOf(w.reporter.token, '')).toBeUndefined()
    expect((await client(t.app, w.stranger.token).get(`/api/cases?org=${w.home.coop.id}`)).status).toBe(404)
    // The filters themselves.
    const titles = async (qs: string) =>
      (
        (await (
          await client(t.app, w.manager.token).get(`/api/cases?org=${w.home.coop.id}${qs}`)
        ).json()) as {
          cases: Array<{ title: string }>
        }
      ).cases.map((c) => c.title)
    expect(await titles(`&building=${annex.id}`)).toEqual(['Annex'])
    expect(await titles(`&assignee=${w.contractor.id}`)).toEqual(['Oma'])
  })

  it('counts unread messages per case and clears them on read', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    const threadId = created.documents.thread.split('/')[2]!
    await t.deps.db
      .insertInto('messages')
      .values({
        org_id: w.home.coop.id,
        thread_id: threadId,
        id: crypto.randomUUID(),
        author_id: w.manager.id,
        text: 'Tulemme huomenna.',
        created_at: new Date(),
        seq: 1,
      })
      .execute()
    const unread = async () =>
      (
        (await (await client(t.app, w.reporter.token).get(`/api/cases?org=${w.home.coop.id}`)).json()) as {
          cases: Array<{ unread: number }>
        }
      ).cases[0]!.unread
    expect(await unread()).toBe(1)
    const read = await client(t.app, w.reporter.token).post(`/api/threads/${threadId}/read`)
    expect(read.status).toBe(200)
    expect(await unread()).toBe(0)
    // The manager's own message is not unread for the manager.
    const managerList = (await (
      await client(t.app, w.manager.token).get(`/api/cases?org=${w.home.coop.id}`)
    ).json()) as { cases: Array<{ unread: number }> }
    expect(managerList.cases[0]!.unread).toBe(0)
  })

  it('a cooperative can choose its own categories (staff only)', async () => {
    const w = await world()
    const body = {
      org: w.home.coop.id,
      categories: [
        { key: 'sauna', name: 'Sauna' },
        { key: 'other', name: null },
      ],
    }
    expect((await client(t.app, w.reporter.token).put('/api/cases/categories', body)).status).toBe(403)
    expect((await client(t.app, w.manager.token).put('/api/cases/categories', body)).status).toBe(200)
    const got = (await (
      await client(t.app, w.reporter.token).get(`/api/cases/categories?org=${w.home.coop.id}`)
    ).json()) as { categories: Array<{ key: string; name: string | null }>; custom: boolean }
    expect(got.custom).toBe(true)
    expect(got.categories.map(({ key, name }) => ({ key, name }))).toEqual(body.categories)
    const refused = await client(t.app, w.reporter.token).post('/api/cases', {
      org: w.home.coop.id,
      title: 'x',
      category: 'water_damage',
    })
    expect(refused.status).toBe(422)
  })
})
