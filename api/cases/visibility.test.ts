import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignContractor } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { caseWorld, reportCase } from './testWorld.ts'

/**
 * Who sees a case: the reporter, staff, the board, the auditor and an assigned contractor, and
 * nobody else; a case shared with its building; participants added by email; tenant isolation
 * on every endpoint; internal notes that do not exist for a resident.
 */
describe.each(ENGINES)('case visibility on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const world = () => caseWorld(t)
  const report = (token: string, org: string, extra?: Record<string, unknown>) =>
    reportCase(t, token, org, extra)

  type Who =
    | 'reporter'
    | 'neighbour'
    | 'manager'
    | 'board'
    | 'auditor'
    | 'stranger'
    | 'contractor'
    | 'otherContractor'
  // [who, sees the case (GET detail 200), sees it in the list]
  const matrix: Array<[Who, boolean]> = [
    ['reporter', true],
    ['manager', true],
    ['board', true],
    ['auditor', true],
    ['contractor', true],
    ['neighbour', false],
    ['stranger', false],
    ['otherContractor', false],
  ]
  it.each(matrix)('%s sees the case: %s', async (who, sees) => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    await assignContractor(t.deps.db, created.id, w.contractor.id, w.pipes.id)
    const api = client(t.app, w[who].token)
    const detail = await api.get(`/api/cases/${created.id}`)
    expect(detail.status).toBe(sees ? 200 : 404)
    if (!sees) expect(Object.keys(await detail.json())).toEqual(['error'])
    const list = await api.get(`/api/cases?org=${w.home.coop.id}`)
    if (who === 'stranger' || who === 'otherContractor') {
      expect(list.status).toBe(404)
    } else {
      const ids = ((await list.json()) as { cases: Array<{ id: string }> }).cases.map((c) => c.id)
      expect(ids.includes(created.id)).toBe(sees)
    }
    const everywhere = (await (await api.get('/api/cases')).json()) as { cases: Array<{ id: string }> }
    const personal = who === 'reporter' || who === 'contractor'
    expect(everywhere.cases.some((c) => c.id === created.id)).toBe(personal)
  })

  it('a case shared with the building becomes visible (read and comment) to neighbours there', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    const share = await client(t.app, w.reporter.token).patch(`/api/cases/${created.id}`, {
      sharedWithBuilding: true,
    })
    expect(share.status).toBe(403)
    const shared = await client(t.app, w.manager.token).patch(`/api/cases/${created.id}`, {
      sharedWithBuilding: true,
    })
    expect(shared.status).toBe(200)
    const seen = await client(t.app, w.neighbour.token).get(`/api/cases/${created.id}`)
    expect(seen.status).toBe(200)
    expect(((await seen.json()) as { abilities: string[] }).abilities).toEqual(['case.read', 'case.comment'])
    const list = (await (
      await client(t.app, w.neighbour.token).get(`/api/cases?org=${w.home.coop.id}`)
    ).json()) as { cases: Array<{ id: string }> }
    expect(list.cases.map((c) => c.id)).toEqual([created.id])
    expect((await client(t.app, w.stranger.token).get(`/api/cases/${created.id}`)).status).toBe(404)
  })

  it('participants: handlers add a contractor by email, who then sees it and its internal notes', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    const byResident = await client(t.app, w.reporter.token).post(`/api/cases/${created.id}/participants`, {
      email: w.contractor.email,
    })
    expect(byResident.status).toBe(403)
    const added = await client(t.app, w.manager.token).post(`/api/cases/${created.id}/participants`, {
      email: w.contractor.email,
    })
    expect(added.status).toBe(201)
    const seen = await client(t.app, w.contractor.token).get(`/api/cases/${created.id}`)
    expect(seen.status).toBe(200)
    // A participant is not the assignee: no internal notes until assigned.
    expect(((await seen.json()) as { documents: { notes?: string } }).documents.notes).toBeUndefined()
    const stranger = await client(t.app, w.manager.token).post(`/api/cases/${created.id}/participants`, {
      email: w.stranger.email,
    })
    expect(stranger.status).toBe(404)
    const removed = await client(t.app, w.manager.token).delete(
      `/api/cases/${created.id}/participants/${w.contractor.id}`,
    )
    expect(removed.status).toBe(200)
    expect(t.accessChanges).toContainEqual({ kind: 'user', userId: w.contractor.id })
    expect((await client(t.app, w.contractor.token).get(`/api/cases/${created.id}`)).status).toBe(404)
  })

  it('tenant isolation on every endpoint for a resident of another cooperative', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    const threadId = created.documents.thread.split('/')[2]!
    const api = client(t.app, w.stranger.token)
    const calls: Array<[string, Response | Promise<Response>]> = [
      ['detail', api.get(`/api/cases/${created.id}`)],
      ['list', api.get(`/api/cases?org=${w.home.coop.id}`)],
      ['categories', api.get(`/api/cases/categories?org=${w.home.coop.id}`)],
      ['create', api.post('/api/cases', { org: w.home.coop.id, title: 'x', category: 'other' })],
      ['patch', api.patch(`/api/cases/${created.id}`, { sharedWithBuilding: true })],
      ['add participant', api.post(`/api/cases/${created.id}/participants`, { email: w.stranger.email })],
      ['remove participant', api.delete(`/api/cases/${created.id}/participants/${w.reporter.id}`)],
      ['read thread', api.post(`/api/threads/${threadId}/read`)],
      [
        'categories put',
        api.put('/api/cases/categories', { org: w.home.coop.id, categories: [{ key: 'x', name: 'X' }] }),
      ],
      ['unread', api.get(`/api/threads/unread?org=${w.home.coop.id}`)],
    ]
    for (const [name, pending] of calls) {
      const res = await pending
      expect([name, res.status]).toEqual([name, 404])
      expect(Object.keys(await res.json())).toEqual(['error'])
    }
  })

  it('internal notes thread: a resident cannot mark it read (it does not exist for them)', async () => {
    const w = await world()
    const created = await report(w.reporter.token, w.home.coop.id)
    const notes = await t.deps.db
      .selectFrom('threads')
      .select('id')
      .where('case_id', '=', created.id)
      .where('layer', '=', 'internal')
      .executeTakeFirstOrThrow()
    expect((await client(t.app, w.reporter.token).post(`/api/threads/${notes.id}/read`)).status).toBe(404)
    expect((await client(t.app, w.board.token).post(`/api/threads/${notes.id}/read`)).status).toBe(200)
  })
})
