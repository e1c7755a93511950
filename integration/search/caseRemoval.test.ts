import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { addCard, readBoard, updateCard } from '../../schema/docs/board.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { postMessage } from '../../schema/docs/thread.ts'
import type { Role } from '../../schema/roles.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectBoard } from '../../server/projections/board.ts'
import { projectThread } from '../../server/projections/thread.ts'
import { addMembership, createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { type SearchWorld, startSearchWorld } from './world.ts'

/**
 * Search follows removal (issue 12): an assignee or participant of a case finds it and its
 * conversation only while the policy still lets them read the case. The org admin removes them
 * (or lowers the maintenance worker's role) through the API and the very next search finds
 * nothing: no reindex in between, the searcher asks the policy about the cases naming them. A
 * contractor removed from the partner company a card is delegated to no longer finds the card.
 */
describe.each(ENGINES)('search after removal on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  })
  afterAll(() => w.close())

  async function world() {
    const db = w.db
    const home = await managedCooperative(db)
    const pipes = await createOrg(db, { kind: 'partner_company' })
    const elsewhere = await managedCooperative(db)
    const people = {
      admin: await member(db, home.coop.id, 'org_admin'),
      manager: await member(db, home.mgmt.id, 'property_manager'),
      reporter: await member(db, home.coop.id, 'resident'),
      pipesAdmin: await member(db, pipes.id, 'org_admin'),
    }
    const words = { title: letters('vuoto', 8), chat: letters('keskustelu', 8) }
    const res = await client(w.app, people.reporter.token).post('/api/cases', {
      org: home.coop.id,
      title: `Vuoto ${words.title}`,
      description: 'Lattiakaivo vuotaa.',
      category: 'water_damage',
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    return { home, pipes, elsewhere, people, words, caseId: id }
  }
  type World = Awaited<ReturnType<typeof world>>

  /** A message in the case's conversation, projected as the collab server does. */
  async function post(wd: World, authorId: string) {
    const thread = await w.db
      .selectFrom('threads')
      .select('id')
      .where('case_id', '=', wd.caseId)
      .where('layer', '=', 'case')
      .executeTakeFirstOrThrow()
    const ref = parseDocName(`${wd.home.coop.id}/thread/${thread.id}`)
    if (!ref.ok) throw new Error(ref.reason)
    const doc = new Y.Doc()
    postMessage(doc, { authorId, text: `Milloin tulette? ${wd.words.chat}` })
    await w.db.transaction().execute((trx) => projectThread(trx, ref.doc, doc))
  }

  const search = async (token: string, q: string, types: string) => {
    const res = await client(w.app, token).get(`/api/search?q=${encodeURIComponent(q)}&types=${types}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: { type: string; orgId: string }[] }).results
  }

  // The assignee is set by the case record's live document; the projection writes the column.
  const assign = async (wd: World, userId: string) => {
    await w.db.updateTable('cases').set({ assignee_id: userId }).where('id', '=', wd.caseId).execute()
  }
  const addParticipant = async (wd: World, email: string) => {
    const res = await client(w.app, wd.people.manager.token).post(`/api/cases/${wd.caseId}/participants`, {
      email,
    })
    expect(res.status).toBe(201)
  }
  type Way = {
    org: 'coop' | 'pipes'
    role: Role
    grant: (wd: World, person: { id: string; email: string }) => Promise<void>
    how: 'removed' | 'role lowered'
  }
  const WAYS: [string, Way][] = [
    [
      'the maintenance worker assigned to the case, removed',
      { org: 'coop', role: 'maintenance_staff', grant: (wd, p) => assign(wd, p.id), how: 'removed' },
    ],
    [
      'the maintenance worker assigned to the case, role lowered to resident',
      { org: 'coop', role: 'maintenance_staff', grant: (wd, p) => assign(wd, p.id), how: 'role lowered' },
    ],
    [
      'a resident added as a participant, removed',
      { org: 'coop', role: 'resident', grant: (wd, p) => addParticipant(wd, p.email), how: 'removed' },
    ],
    [
      'a contractor added through their company, removed from it',
      { org: 'pipes', role: 'contractor', grant: (wd, p) => addParticipant(wd, p.email), how: 'removed' },
    ],
    [
      'a contractor added through their company and assigned, removed from it',
      {
        org: 'pipes',
        role: 'contractor',
        grant: async (wd, p) => {
          await addParticipant(wd, p.email)
          await assign(wd, p.id)
        },
        how: 'removed',
      },
    ],
  ]

  it.each(WAYS)('%s: finds the case and its conversation, then nothing', async (_name, way) => {
    const wd = await world()
    const orgId = way.org === 'coop' ? wd.home.coop.id : wd.pipes.id
    const person = await member(w.db, orgId, way.role)
    // They also live in another cooperative: removal here leaves them a searcher elsewhere.
    await addMembership(w.db, wd.elsewhere.coop.id, person.id, 'resident')
    await way.grant(wd, person)
    await post(wd, wd.people.reporter.id)
    await eventually(async () => {
      expect(await search(person.token, wd.words.title, 'case')).toHaveLength(1)
      expect(await search(person.token, wd.words.chat, 'message')).toHaveLength(1)
    })

    const remover = way.org === 'coop' ? wd.people.admin : wd.people.pipesAdmin
    const res =
      way.how === 'removed'
        ? await client(w.app, remover.token).delete(`/api/orgs/${orgId}/members/${person.membershipId}`)
        : await client(w.app, remover.token).patch(`/api/orgs/${orgId}/members/${person.membershipId}`, {
            role: 'resident',
          })
    expect(res.status).toBe(200)
    // At once, whatever the indexer has done meanwhile.
    expect(await search(person.token, wd.words.title, 'case,message')).toEqual([])
    expect(await search(person.token, wd.words.chat, 'message')).toEqual([])
    // Nor does the cooperative exist for them in search, unless they still belong to it.
    const scoped = await client(w.app, person.token).get(`/api/search?q=x&org=${wd.home.coop.id}`)
    expect(scoped.status).toBe(way.org === 'coop' && way.how === 'role lowered' ? 200 : 404)
    // The cooperative's staff still find both.
    expect(await search(wd.people.manager.token, wd.words.title, 'case')).toHaveLength(1)
    expect(await search(wd.people.manager.token, wd.words.chat, 'message')).toHaveLength(1)
  })

  it('a participant removed from one case keeps finding another case they still take part in', async () => {
    const wd = await world()
    const other = await world()
    // The same cooperative, a second case: one contractor added to both through their company.
    const contractor = await member(w.db, wd.pipes.id, 'contractor')
    await addParticipant(wd, contractor.email)
    const res = await client(w.app, wd.people.reporter.token).post('/api/cases', {
      org: wd.home.coop.id,
      title: `Vuoto ${other.words.title}`,
      description: 'Toinen.',
      category: 'water_damage',
    })
    expect(res.status).toBe(201)
    const second = { ...wd, caseId: ((await res.json()) as { id: string }).id }
    await addParticipant(second, contractor.email)
    await eventually(async () => {
      expect(await search(contractor.token, wd.words.title, 'case')).toHaveLength(1)
      expect(await search(contractor.token, other.words.title, 'case')).toHaveLength(1)
    })
    // Taken off the first case only: the second is still theirs.
    await w.db.deleteFrom('case_participants').where('case_id', '=', wd.caseId).execute()
    await eventually(async () => expect(await search(contractor.token, wd.words.title, 'case')).toEqual([]))
    expect(await search(contractor.token, other.words.title, 'case')).toHaveLength(1)
  })

  it('a contractor removed from the partner company a card is delegated to no longer finds it', async () => {
    const wd = await world()
    const board = await member(w.db, wd.home.coop.id, 'board_member')
    const contractor = await member(w.db, wd.pipes.id, 'contractor')
    await addMembership(w.db, wd.elsewhere.coop.id, contractor.id, 'resident')
    const word = letters('putki', 8)
    const created = await client(w.app, board.token).post('/api/boards', {
      org: wd.home.coop.id,
      title: 'Putkiremontti',
      columns: ['Tehtävät'],
    })
    expect(created.status).toBe(201)
    const b = (await created.json()).board as { id: string; document: string }
    const { result } = await writeStoredDocument(w.db, b.document, (doc) => {
      const column = readBoard(doc).columns[0]!.id
      const card = addCard(doc, { title: `Nousut ${word}`, columnId: column, createdBy: board.id })
      updateCard(doc, card.id, { delegatedOrgId: wd.pipes.id })
      return { doc }
    })
    const ref = parseDocName(b.document)
    if (!ref.ok) throw new Error(ref.reason)
    await w.db.transaction().execute((trx) => projectBoard(trx, ref.doc, result.doc))
    await eventually(async () => expect(await search(contractor.token, word, 'task')).toHaveLength(1))
    const removed = await client(w.app, wd.people.pipesAdmin.token).delete(
      `/api/orgs/${wd.pipes.id}/members/${contractor.membershipId}`,
    )
    expect(removed.status).toBe(200)
    expect(await search(contractor.token, word, 'task')).toEqual([])
    expect(await search(board.token, word, 'task')).toHaveLength(1)
  })
})
