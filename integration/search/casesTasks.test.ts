import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { reindex } from '../../indexer/reindex.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { addCard, readBoard, updateCard } from '../../schema/docs/board.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { postMessage } from '../../schema/docs/thread.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectBoard } from '../../server/projections/board.ts'
import { projectThread } from '../../server/projections/thread.ts'
import {
  addMembership,
  createBuilding,
  createOrg,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../../server/test/factories.ts'
import { type SearchWorld, startSearchWorld } from './world.ts'

/**
 * Cases and task cards through GET /api/search: who finds a private case, a case shared with
 * its building, its conversation and its internal notes, a board-only card and a card delegated
 * to a partner company; nobody of another organisation finds anything; a reindex keeps them.
 */
describe.each(ENGINES)('search of cases and tasks on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  })
  afterAll(() => w.close())

  const word = (p: string) => letters(p, 8)

  async function world() {
    const db = w.db
    const home = await managedCooperative(db)
    const away = await managedCooperative(db)
    const buildingB = await createBuilding(db, home.coop.id, 'B')
    const resident = async (buildingId: string, apartmentId?: string) => {
      const user = await createUser(db)
      await addMembership(db, home.coop.id, user.id, 'resident', { buildingId, apartmentId })
      return { ...user, token: await signIn(db, user.id) }
    }
    const pipes = await createOrg(db, { kind: 'partner_company' })
    const other = await createOrg(db, { kind: 'partner_company' })
    const users = {
      staff: await member(db, home.mgmt.id, 'property_manager'),
      board: await member(db, home.coop.id, 'board_member'),
      // A board member whose membership names their home in building B: still the whole board.
      boardOfB: await (async () => {
        const user = await createUser(db)
        await addMembership(db, home.coop.id, user.id, 'board_member', { buildingId: buildingB.buildingId })
        return { ...user, token: await signIn(db, user.id) }
      })(),
      auditor: await member(db, home.coop.id, 'auditor'),
      reporter: await resident(home.buildingId, home.apartmentId),
      neighbour: await resident(home.buildingId),
      residentB: await resident(buildingB.buildingId),
      contractor: await member(db, pipes.id, 'contractor'),
      otherContractor: await member(db, other.id, 'contractor'),
      stranger: await member(db, away.coop.id, 'org_admin'),
    }
    const words = {
      privateCase: word('vuoto'),
      sharedCase: word('porras'),
      caseChat: word('keskustelu'),
      internal: word('muistio'),
      boardTask: word('luottamus'),
      delegated: word('putki'),
    }
    const report = async (title: string, shared: boolean) => {
      const res = await client(w.app, users.reporter.token).post('/api/cases', {
        org: home.coop.id,
        title,
        description: 'Kuvaus',
        category: 'water_damage',
        sharedWithBuilding: shared,
      })
      expect(res.status).toBe(201)
      return (await res.json()) as { id: string; documents: { thread: string; notes?: string } }
    }
    const privateCase = await report(`Vuoto ${words.privateCase}`, false)
    await report(`Porras ${words.sharedCase}`, true)
    // The contractor joins the private case as a participant (no role in the cooperative).
    const added = await client(w.app, users.staff.token).post(`/api/cases/${privateCase.id}/participants`, {
      email: users.contractor.email,
    })
    expect(added.status).toBe(201)
    const threads = await db
      .selectFrom('threads')
      .select(['id', 'layer'])
      .where('case_id', '=', privateCase.id)
      .execute()
    const post = async (layer: 'case' | 'internal', authorId: string, text: string) => {
      const thread = threads.find((t) => t.layer === layer)
      if (!thread) throw new Error(`no ${layer} thread`)
      const ref = parseDocName(`${home.coop.id}/thread/${thread.id}`)
      if (!ref.ok) throw new Error(ref.reason)
      const doc = new Y.Doc()
      postMessage(doc, { authorId, text })
      await db.transaction().execute((trx) => projectThread(trx, ref.doc, doc))
    }
    await post('case', users.reporter.id, `Milloin tulette? ${words.caseChat}`)
    await post('internal', users.staff.id, `Vakuutusyhtiö ${words.internal}`)

    const created = await client(w.app, users.board.token).post('/api/boards', {
      org: home.coop.id,
      title: 'Remontti',
      columns: ['Todo'],
    })
    expect(created.status).toBe(201)
    const board = (await created.json()).board as { id: string; document: string }
    await writeStoredDocument(db, board.document, (doc) => {
      const todo = readBoard(doc).columns[0]!.id
      const delegated = addCard(doc, {
        title: `Nousut ${words.delegated}`,
        columnId: todo,
        createdBy: users.board.id,
      })
      updateCard(doc, delegated.id, { delegatedOrgId: pipes.id })
      addCard(doc, { title: `Ehdokkaat ${words.boardTask}`, columnId: todo, createdBy: users.board.id })
    })
    const ref = parseDocName(board.document)
    if (!ref.ok) throw new Error(ref.reason)
    const rows = await db
      .selectFrom('collab_updates')
      .select('update')
      .where('doc_name', '=', board.document)
      .orderBy('id')
      .execute()
    const doc = new Y.Doc()
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update))
    await db.transaction().execute((trx) => projectBoard(trx, ref.doc, doc))
    return { home, away, pipes, users, words, board }
  }

  // A case's messages carry its title: these checks are about the case record itself.
  const cases = '&types=case'
  type World = Awaited<ReturnType<typeof world>>
  type User = keyof World['users']

  const search = async (token: string, q: string, types = '') => {
    const res = await client(w.app, token).get(`/api/search?q=${encodeURIComponent(q)}${types}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: { type: string; orgId: string; url: string }[] }).results
  }

  async function expectMatrix(wd: World, sees: Partial<Record<keyof World['words'], User[]>>) {
    for (const [what, allowed] of Object.entries(sees) as [keyof World['words'], User[]][]) {
      const who = allowed[0] ?? 'staff'
      await eventually(async () =>
        expect((await search(wd.users[who].token, wd.words[what])).length).toBeGreaterThan(0),
      )
    }
    for (const [what, allowed] of Object.entries(sees) as [keyof World['words'], User[]][]) {
      for (const user of Object.keys(wd.users) as User[]) {
        const results = await search(wd.users[user].token, wd.words[what])
        expect(results.length > 0, `${user} searching ${what}`).toBe(allowed.includes(user))
        for (const r of results) {
          const org = user.endsWith('ontractor') ? [wd.home.coop.id, wd.pipes.id] : [wd.home.coop.id]
          expect(org, `${user} searching ${what}`).toContain(r.orgId)
        }
      }
    }
  }

  it('each role finds exactly the cases, case messages and cards it may see', async () => {
    const wd = await world()
    await expectMatrix(wd, {
      privateCase: ['staff', 'board', 'boardOfB', 'auditor', 'reporter', 'contractor'],
      sharedCase: ['staff', 'board', 'boardOfB', 'auditor', 'reporter', 'neighbour'],
      caseChat: ['staff', 'board', 'boardOfB', 'auditor', 'reporter', 'contractor'],
      // Internal notes: management staff only (never a resident, a guest contractor or the auditor).
      internal: ['staff'],
      boardTask: ['staff', 'board', 'boardOfB', 'auditor'],
      delegated: ['staff', 'board', 'boardOfB', 'auditor', 'contractor'],
    })
    // The contractor finds the delegated card in their own company, opening their task list.
    const [card] = await search(wd.users.contractor.token, wd.words.delegated)
    expect(card?.orgId).toBe(wd.pipes.id)
    expect(card?.url).toContain(`/org/${wd.pipes.id}/tasks`)
    // Asking for the other cooperative explicitly is a 404, as everywhere.
    const res = await client(w.app, wd.users.reporter.token).get(`/api/search?q=x&org=${wd.away.coop.id}`)
    expect(res.status).toBe(404)
  })

  it('follows sharing with the building and publishing a board', async () => {
    const wd = await world()
    const neighbour = wd.users.neighbour.token
    await eventually(async () =>
      expect(await search(wd.users.staff.token, wd.words.privateCase, cases)).toHaveLength(1),
    )
    expect(await search(neighbour, wd.words.boardTask)).toEqual([])
    const [mine] = await search(wd.users.reporter.token, wd.words.privateCase, cases)
    const caseId = mine?.url.split('/').at(-1) ?? ''
    const shared = await client(w.app, wd.users.staff.token).patch(`/api/cases/${caseId}`, {
      sharedWithBuilding: true,
    })
    expect(shared.status).toBe(200)
    await eventually(
      async () => expect(await search(neighbour, wd.words.privateCase, cases)).toHaveLength(1),
      {
        timeoutMs: 2000,
      },
    )
    // The case's conversation follows the case; its internal notes never reach a resident.
    await eventually(async () => expect(await search(neighbour, wd.words.caseChat)).toHaveLength(1))
    expect(await search(neighbour, wd.words.internal)).toEqual([])
    expect(await search(wd.users.residentB.token, wd.words.privateCase, cases)).toEqual([])
    const published = await client(w.app, wd.users.board.token).patch(`/api/boards/${wd.board.id}`, {
      visibility: 'residents',
    })
    expect(published.status).toBe(200)
    await eventually(async () => expect(await search(neighbour, wd.words.boardTask)).toHaveLength(1), {
      timeoutMs: 2000,
    })
    expect(await search(wd.users.contractor.token, wd.words.boardTask)).toEqual([])
    expect(await search(wd.users.stranger.token, wd.words.boardTask)).toEqual([])
  })

  it('a reindex from the tables finds them again', async () => {
    const wd = await world()
    await eventually(async () =>
      expect(await search(wd.users.staff.token, wd.words.delegated)).toHaveLength(1),
    )
    await w.stopIndexers()
    const summary = await reindex({ db: w.db, config: w.config, types: ['case', 'task', 'message'] })
    expect(summary.map((s) => s.type)).toEqual(['case', 'task', 'message'])
    for (const s of summary) expect(s.indexed, s.type).toBeGreaterThan(0)
    expect(await search(wd.users.staff.token, wd.words.privateCase, cases)).toHaveLength(1)
    expect(await search(wd.users.contractor.token, wd.words.privateCase, cases)).toHaveLength(1)
    expect(await search(wd.users.contractor.token, wd.words.delegated)).toHaveLength(1)
    expect(await search(wd.users.neighbour.token, wd.words.privateCase, cases)).toEqual([])
    expect(await search(wd.users.reporter.token, wd.words.internal)).toEqual([])
    await w.indexer({ pollMs: 25 })
  })
})
