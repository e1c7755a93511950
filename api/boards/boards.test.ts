import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addCard, readBoard, readCards, updateCard } from '../../schema/docs/board.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import type { Role } from '../../schema/roles.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectBoard } from '../../server/projections/board.ts'
import { createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { genericPlan } from '../test/plans.ts'
import { myTasksQuery } from './repository.ts'

/**
 * Boards and tasks over HTTP: creating and listing boards, "my tasks" across organisations, and
 * delegation isolation: a contractor reaches the cards delegated to their company and nothing
 * else of the board, by any endpoint. Every endpoint is also walked as a stranger (404) and as a
 * member without the role (403).
 */
describe.each(ENGINES)('boards and tasks API on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const db = () => t.deps.db

  async function world() {
    const { coop, mgmt } = await managedCooperative(db())
    const partner = await createOrg(db(), { kind: 'partner_company' })
    const otherPartner = await createOrg(db(), { kind: 'partner_company' })
    const as = (role: Role, orgId = coop.id) => member(db(), orgId, role)
    const boardMember = await as('board_member')
    const api = client(t.app, boardMember.token)
    const res = await api.post('/api/boards', {
      org: coop.id,
      title: 'Renovation 2027',
      columns: ['Todo', 'Doing', 'Done'],
    })
    expect(res.status).toBe(201)
    const board = (await res.json()).board as { id: string; document: string }
    // Two cards: one delegated to the partner, one not; projected as compaction would.
    const ref = parseDocName(board.document)
    if (!ref.ok) throw new Error(ref.reason)
    const { result: ids } = await writeStoredDocument(db(), board.document, (doc) => {
      const todo = readBoard(doc).columns[0]!.id
      const delegated = addCard(doc, {
        title: 'Replace riser pipes',
        columnId: todo,
        createdBy: boardMember.id,
      })
      updateCard(doc, delegated.id, { delegatedOrgId: partner.id, due: '2027-04-30', description: 'Stair A' })
      const secret = addCard(doc, {
        title: 'Chairman candidates (confidential)',
        columnId: todo,
        createdBy: boardMember.id,
      })
      return { delegated: delegated.id, secret: secret.id }
    })
    await project(board.document)
    return { coop, mgmt, partner, otherPartner, as, boardMember, api, board, ...ids }
  }

  async function project(name: string) {
    const ref = parseDocName(name)
    if (!ref.ok) throw new Error(ref.reason)
    const doc = await storedDoc(name)
    await db()
      .transaction()
      .execute((trx) => projectBoard(trx, ref.doc, doc))
  }

  async function storedDoc(name: string) {
    const rows = await db()
      .selectFrom('collab_updates')
      .select('update')
      .where('doc_name', '=', name)
      .orderBy('id')
      .execute()
    const doc = new Y.Doc()
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update))
    return doc
  }

  it('creates a board with its columns and lists it by what each role may read', async () => {
    const w = await world()
    const doc = await storedDoc(w.board.document)
    expect(readBoard(doc).columns.map((c) => c.title)).toEqual(['Todo', 'Doing', 'Done'])
    const list = await (await w.api.get(`/api/boards?org=${w.coop.id}`)).json()
    expect(list.boards.map((b: { title: string }) => b.title)).toEqual(['Renovation 2027'])
    expect(list.abilities.create).toBe(true)
    const resident = await w.as('resident')
    const hidden = await (await client(t.app, resident.token).get(`/api/boards?org=${w.coop.id}`)).json()
    expect(hidden.boards).toEqual([])
    await w.api.patch(`/api/boards/${w.board.id}`, { visibility: 'residents' })
    const shown = await (await client(t.app, resident.token).get(`/api/boards?org=${w.coop.id}`)).json()
    expect(shown.boards.map((b: { abilities: unknown }) => b.abilities)).toEqual([
      { write: false, manage: false },
    ])
  })

  it('lets management staff of the managing company create boards', async () => {
    const w = await world()
    const pm = await w.as('property_manager', w.mgmt.id)
    const res = await client(t.app, pm.token).post('/api/boards', { org: w.coop.id, title: 'Maintenance' })
    expect(res.status).toBe(201)
  })

  it('shows a contractor the delegated card in My tasks, and nothing else of the board', async () => {
    const w = await world()
    const contractor = await w.as('contractor', w.partner.id)
    const api = client(t.app, contractor.token)
    const mine = await (await api.get('/api/tasks/mine')).json()
    expect(mine.tasks).toHaveLength(1)
    const task = mine.tasks[0]
    expect(task).toMatchObject({
      cardId: w.delegated,
      title: 'Replace riser pipes',
      due: '2027-04-30',
      status: 'Todo',
      board: null,
    })
    expect(task.abilities).toEqual({ comment: true, progress: true })
    const body = JSON.stringify(mine)
    expect(body).not.toContain('confidential')
    expect(body).not.toContain('Renovation 2027')
    expect(body).not.toContain(w.board.id)
    // Every other route to the board or its other card is closed.
    for (const path of [
      `/api/boards/${w.board.id}`,
      `/api/boards/${w.board.id}/people`,
      `/api/tasks/${w.secret}`,
      `/api/tasks/${w.secret}/comments`,
    ]) {
      const res = await api.get(path)
      expect([403, 404]).toContain(res.status)
      expect(JSON.stringify(await res.json())).not.toContain('confidential')
    }
    expect((await api.get(`/api/boards?org=${w.coop.id}`)).status).toBe(404)
    expect((await api.patch(`/api/tasks/${w.secret}/progress`, { progress: 50 })).status).toBe(404)
    expect((await api.post(`/api/tasks/${w.secret}/comments`, { text: 'hi' })).status).toBe(404)
    // A contractor of another company sees nothing.
    const stranger = await w.as('contractor', w.otherPartner.id)
    expect((await (await client(t.app, stranger.token).get('/api/tasks/mine')).json()).tasks).toEqual([])
    expect((await client(t.app, stranger.token).get(`/api/tasks/${w.delegated}`)).status).toBe(404)
  })

  it("writes a contractor's progress into the board document and the projection, and takes comments both ways", async () => {
    const w = await world()
    const contractor = await w.as('contractor_representative', w.partner.id)
    const api = client(t.app, contractor.token)
    const res = await api.patch(`/api/tasks/${w.delegated}/progress`, { progress: 60 })
    expect(res.status).toBe(200)
    expect((await res.json()).task.progress).toBe(60)
    const card = readCards(await storedDoc(w.board.document)).find((c) => c.id === w.delegated)
    expect(card?.progress).toBe(60)
    const row = await db()
      .selectFrom('tasks')
      .select('progress')
      .where('card_id', '=', w.delegated)
      .executeTakeFirstOrThrow()
    expect(row.progress).toBe(60)
    expect((await api.patch(`/api/tasks/${w.delegated}/progress`, { progress: 101 })).status).toBe(422)
    expect((await api.post(`/api/tasks/${w.delegated}/comments`, { text: 'Starting Monday.' })).status).toBe(
      201,
    )
    expect((await w.api.post(`/api/tasks/${w.delegated}/comments`, { text: 'Thanks!' })).status).toBe(201)
    const comments = await (await w.api.get(`/api/tasks/${w.delegated}/comments`)).json()
    expect(comments.comments.map((c: { text: string; authorOrg: string }) => c.text)).toEqual([
      'Starting Monday.',
      'Thanks!',
    ])
  })

  it('loses a contractor the card when the delegation is removed', async () => {
    const w = await world()
    const contractor = await w.as('contractor', w.partner.id)
    await writeStoredDocument(db(), w.board.document, (doc) =>
      updateCard(doc, w.delegated, { delegatedOrgId: null }),
    )
    await project(w.board.document)
    const api = client(t.app, contractor.token)
    expect((await (await api.get('/api/tasks/mine')).json()).tasks).toEqual([])
    expect((await api.get(`/api/tasks/${w.delegated}`)).status).toBe(404)
  })

  it('lists tasks assigned to me across organisations', async () => {
    const w = await world()
    await writeStoredDocument(db(), w.board.document, (doc) =>
      updateCard(doc, w.secret, { assigneeId: w.boardMember.id }),
    )
    await project(w.board.document)
    const mine = await (await w.api.get('/api/tasks/mine')).json()
    expect(mine.tasks.map((t: { title: string; board: { id: string } }) => [t.title, t.board.id])).toEqual([
      ['Chairman candidates (confidential)', w.board.id],
    ])
  })

  describe('tenant isolation', () => {
    type Call = { name: string; method: 'get' | 'post' | 'patch'; path: string; body?: unknown }
    const calls = (w: Awaited<ReturnType<typeof world>>): Call[] => [
      { name: 'list boards', method: 'get', path: `/api/boards?org=${w.coop.id}` },
      { name: 'create board', method: 'post', path: '/api/boards', body: { org: w.coop.id, title: 'X' } },
      { name: 'read board', method: 'get', path: `/api/boards/${w.board.id}` },
      { name: 'change board', method: 'patch', path: `/api/boards/${w.board.id}`, body: { title: 'Y' } },
      { name: 'board people', method: 'get', path: `/api/boards/${w.board.id}/people` },
      { name: 'read task', method: 'get', path: `/api/tasks/${w.secret}` },
      {
        name: 'task progress',
        method: 'patch',
        path: `/api/tasks/${w.secret}/progress`,
        body: { progress: 5 },
      },
      { name: 'task comments', method: 'get', path: `/api/tasks/${w.secret}/comments` },
      { name: 'comment', method: 'post', path: `/api/tasks/${w.secret}/comments`, body: { text: 'x' } },
    ]
    const send = (token: string, call: Call) => {
      const api = client(t.app, token)
      if (call.method === 'get') return api.get(call.path)
      if (call.method === 'post') return api.post(call.path, call.body)
      return api.patch(call.path, call.body)
    }

    it('answers a user of another organisation 404 with nothing but the error', async () => {
      const w = await world()
      const away = await managedCooperative(db())
      const strangers = [
        await member(db(), away.coop.id, 'org_admin'),
        await member(db(), away.mgmt.id, 'org_admin'),
      ]
      for (const stranger of strangers) {
        for (const call of calls(w)) {
          const res = await send(stranger.token, call)
          expect(res.status, call.name).toBe(404)
          expect(Object.keys(await res.json())).toEqual(['error'])
        }
      }
    })

    it('answers a member without the role 403 (where the organisation is theirs to see)', async () => {
      const w = await world()
      const resident = await w.as('resident')
      const expected: Record<string, number> = {
        'list boards': 200, // filtered: a resident sees published boards only
        'create board': 403,
        'read board': 403,
        'change board': 403,
        'board people': 403,
        'read task': 404, // a task never leaks its existence
        'task progress': 404,
        'task comments': 404,
        comment: 404,
      }
      for (const call of calls(w)) {
        const res = await send(resident.token, call)
        expect(res.status, call.name).toBe(expected[call.name])
      }
      const accountant = await w.as('accountant')
      expect((await send(accountant.token, calls(w)[6]!)).status).toBe(403)
      expect((await send(accountant.token, calls(w)[5]!)).status).toBe(200)
    })

    it('lets the right role through', async () => {
      const w = await world()
      for (const call of calls(w)) {
        const res = await send(w.boardMember.token, call)
        expect(res.status, call.name).toBeLessThan(300)
      }
    })
  })

  // Session 15: with `archived = $1` the generic plan could not use the partial indexes (WHERE NOT
  // archived) and read every task; on the reports benchmark's data a Seq Scan of 10,000 tasks.
  it("reads a person's tasks from tasks_assignee, generic plan included", async () => {
    const { coop, boardMember } = await world()
    const board = await db()
      .insertInto('boards')
      .values({ org_id: coop.id, title: 'Huolto' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await sql`
      INSERT INTO tasks (org_id, board_id, card_id, title, progress)
      SELECT ${coop.id}::uuid, ${board.id}::uuid, gen_random_uuid(), 'Task ' || n, 0
      FROM generate_series(1, 3000) AS n`.execute(db())
    await sql`ANALYZE tasks`.execute(db())
    const principal = await loadPrincipal(db(), { userId: boardMember.id, mfaVerified: true })
    expect(await genericPlan(db(), myTasksQuery(db(), principal).compile())).toContain('tasks_assignee')
  })
})
