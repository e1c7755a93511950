import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Issue 18 over HTTP: maintenance staff of the managing company reach the cooperative's boards
 * (they were refused with 403 before) and work them; the accountant co-edits a finance board
 * only; the auditor reads; the maintenance staff of another company find nothing.
 */
describe.each(ENGINES)('back-office roles on boards on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('maintenance works every board, the accountant finance boards, the auditor reads', async () => {
    const db = t.deps.db
    const { coop, mgmt } = await managedCooperative(db)
    const away = await managedCooperative(db)
    const boardMember = await member(db, coop.id, 'board_member')
    const create = async (title: string, topic?: 'finance') => {
      const res = await client(t.app, boardMember.token).post('/api/boards', {
        org: coop.id,
        title,
        ...(topic ? { topic } : {}),
      })
      expect(res.status).toBe(201)
      return (await res.json()).board as { id: string; topic: string }
    }
    const general = await create('Yard work')
    const finance = await create('Budget 2027', 'finance')
    expect(finance.topic).toBe('finance')

    const abilities = async (token: string, boardId: string) => {
      const res = await client(t.app, token).get(`/api/boards/${boardId}`)
      return { status: res.status, body: res.status === 200 ? (await res.json()).board.abilities : null }
    }
    const maintenance = await member(db, mgmt.id, 'maintenance_staff')
    expect(await abilities(maintenance.token, general.id)).toEqual({
      status: 200,
      body: { write: true, manage: false },
    })
    const list = await (await client(t.app, maintenance.token).get(`/api/boards?org=${coop.id}`)).json()
    expect(list.boards.map((b: { id: string }) => b.id).sort()).toEqual([general.id, finance.id].sort())
    expect(list.abilities.create).toBe(false)

    const accountant = await member(db, coop.id, 'accountant')
    expect((await abilities(accountant.token, general.id)).body).toEqual({ write: false, manage: false })
    expect((await abilities(accountant.token, finance.id)).body).toEqual({ write: true, manage: false })
    const auditor = await member(db, coop.id, 'auditor')
    expect((await abilities(auditor.token, finance.id)).body).toEqual({ write: false, manage: false })
    // The accountant cannot make a board a finance board (that is managing it).
    const patch = await client(t.app, accountant.token).patch(`/api/boards/${general.id}`, {
      topic: 'finance',
    })
    expect(patch.status).toBe(403)

    const stranger = await member(db, away.mgmt.id, 'maintenance_staff')
    expect((await abilities(stranger.token, general.id)).status).toBe(404)
    const resident = await member(db, coop.id, 'resident')
    expect((await abilities(resident.token, general.id)).status).toBe(403)
  })
})
