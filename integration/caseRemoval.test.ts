import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { createApi } from '../api/app.ts'
import { client } from '../api/test/http.ts'
import { ENGINES, type TestClient, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { addCard, readBoard, updateCard } from '../schema/docs/board.ts'
import { parseDocName } from '../schema/docs/names.ts'
import type { Role } from '../schema/roles.ts'
import { writeStoredDocument } from '../server/docstore/docWriter.ts'
import { projectBoard } from '../server/projections/board.ts'
import { createOrg, managedCooperative, member } from '../server/test/factories.ts'
import { loadNow, loadScaled } from '../server/test/loadScaled.ts'
import { apiBeside } from './apiBeside.ts'

/**
 * Removal ends access, whichever way it was granted (issue 12): a membership of the cooperative, a
 * case assignment, being added as a participant (from the cooperative or through a partner
 * company), a card delegated to a partner company. The org admin removes the person (or lowers
 * their role) through the API; their open case sockets close within 1 s, reopening is refused,
 * and the case, its threads and its attachments answer 404 over HTTP.
 */
describe.each(ENGINES)('removal ends case access on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = () => suite.db()
  let app: ReturnType<typeof createApi>
  beforeAll(() => {
    app = apiBeside(suite, { revokesLive: true })
  })

  async function world() {
    const home = await managedCooperative(db())
    const pipes = await createOrg(db(), { kind: 'partner_company' })
    const people = {
      admin: await member(db(), home.coop.id, 'org_admin'),
      manager: await member(db(), home.mgmt.id, 'property_manager'),
      reporter: await member(db(), home.coop.id, 'resident'),
      pipesAdmin: await member(db(), pipes.id, 'org_admin'),
    }
    const res = await client(app, people.reporter.token).post('/api/cases', {
      org: home.coop.id,
      title: 'Vuoto kylpyhuoneessa',
      description: 'Lattiakaivo vuotaa.',
      category: 'water_damage',
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const staffView = await client(app, people.manager.token).get(`/api/cases/${id}`)
    const detail = (await staffView.json()) as {
      documents: { case: string; thread: string; notes: string }
      threads: { case: string; notes: string }
    }
    return { home, pipes, people, caseId: id, documents: detail.documents, threads: detail.threads }
  }
  type World = Awaited<ReturnType<typeof world>>

  type Way = {
    org: 'coop' | 'pipes'
    role: Role
    grant: (w: World, person: { id: string; email: string }) => Promise<void>
    notes: boolean
  }
  const assign = async (w: World, userId: string) => {
    await db().updateTable('cases').set({ assignee_id: userId }).where('id', '=', w.caseId).execute()
  }
  const addParticipant = async (w: World, email: string) => {
    const res = await client(app, w.people.manager.token).post(`/api/cases/${w.caseId}/participants`, {
      email,
    })
    expect(res.status).toBe(201)
  }
  const WAYS: Record<string, Way> = {
    'a board member (membership)': { org: 'coop', role: 'board_member', grant: async () => {}, notes: true },
    'the maintenance worker assigned to the case': {
      org: 'coop',
      role: 'maintenance_staff',
      grant: (w, p) => assign(w, p.id),
      notes: true,
    },
    'a resident added as a participant': {
      org: 'coop',
      role: 'resident',
      grant: (w, p) => addParticipant(w, p.email),
      notes: false,
    },
    'a contractor added through their company and assigned': {
      org: 'pipes',
      role: 'contractor',
      grant: async (w, p) => {
        await addParticipant(w, p.email)
        await assign(w, p.id)
      },
      notes: true,
    },
    'a contractor added through their company': {
      org: 'pipes',
      role: 'contractor',
      grant: (w, p) => addParticipant(w, p.email),
      notes: false,
    },
  }

  const connect = async (name: string, sessionToken: string) =>
    suite.open(suite.server.url, name, { token: await tokenFor(db(), sessionToken) })

  /** Status of every HTTP way into the case: the case, its thread, its notes, its attachments. */
  const httpStatus = async (w: World, token: string, notes: boolean) => {
    const api = client(app, token)
    const paths = [
      `/api/cases/${w.caseId}`,
      `/api/threads/${w.threads.case}/archive`,
      `/api/attachments/${w.home.coop.id}/of/case/${w.caseId}`,
      ...(notes ? [`/api/threads/${w.threads.notes}/archive`] : []),
    ]
    const out: number[] = []
    for (const path of paths) out.push((await api.get(path)).status)
    return out
  }

  const cases = Object.entries(WAYS).flatMap(([name, way]) => [
    [name, 'removed', way] as const,
    [name, 'role lowered', way] as const,
  ])
  // Lowering a role matters where the role was the grant (board, maintenance): a resident or a
  // contractor who was added keeps taking part while they still belong.
  const lowered: readonly Role[] = ['board_member', 'maintenance_staff']
  it.each(cases.filter(([, how, way]) => how === 'removed' || lowered.includes(way.role)))(
    '%s, %s: access ends over HTTP and the websocket',
    async (_name, how, way) => {
      const w = await world()
      const orgId = way.org === 'coop' ? w.home.coop.id : w.pipes.id
      const person = await member(db(), orgId, way.role)
      await way.grant(w, person)

      const docs = [w.documents.case, w.documents.thread, ...(way.notes ? [w.documents.notes] : [])]
      expect(await httpStatus(w, person.token, way.notes)).toEqual(docs.map(() => 200).concat(200))
      const open: TestClient[] = []
      for (const name of docs) open.push(await connect(name, person.token))
      await vi.waitFor(
        () => expect(open.map((c) => c.events.authenticated)).toEqual(docs.map(() => ['read-write'])),
        {
          timeout: 10_000,
        },
      )

      const remover = way.org === 'coop' ? w.people.admin : w.people.pipesAdmin
      const started = performance.now()
      const res =
        how === 'removed'
          ? await client(app, remover.token).delete(`/api/orgs/${orgId}/members/${person.membershipId}`)
          : await client(app, remover.token).patch(`/api/orgs/${orgId}/members/${person.membershipId}`, {
              role: 'resident',
            })
      expect(res.status).toBe(200)
      await vi.waitFor(() => expect(open.every((c) => c.events.socketCloses.includes(4403))).toBe(true), {
        timeout: loadScaled(1000),
        interval: 10,
      })
      expect(performance.now() - started, `load ${loadNow()}`).toBeLessThan(loadScaled(1000))
      // The provider reconnects with its still-valid token and is refused; so is a fresh socket.
      await vi.waitFor(() => expect(open.every((c) => c.events.denied.length > 0)).toBe(true), {
        timeout: 5000,
      })
      const again = await connect(w.documents.case, person.token)
      await vi.waitFor(() => expect(again.events.denied).toEqual(['forbidden']), { timeout: 5000 })
      expect(await httpStatus(w, person.token, way.notes)).toEqual(docs.map(() => 404).concat(404))
    },
  )

  it('a contractor removed from the partner company a card is delegated to loses the task', async () => {
    const w = await world()
    const board = await member(db(), w.home.coop.id, 'board_member')
    const contractor = await member(db(), w.pipes.id, 'contractor')
    const res = await client(app, board.token).post('/api/boards', {
      org: w.home.coop.id,
      title: 'Putkiremontti',
      columns: ['Tehtävät'],
    })
    expect(res.status).toBe(201)
    const created = (await res.json()).board as { id: string; document: string }
    const { result } = await writeStoredDocument(db(), created.document, (doc) => {
      const column = readBoard(doc).columns[0]!.id
      const card = addCard(doc, { title: 'Nousuputket', columnId: column, createdBy: board.id })
      updateCard(doc, card.id, { delegatedOrgId: w.pipes.id })
      return { card: card.id, doc }
    })
    const ref = parseDocName(created.document)
    if (!ref.ok) throw new Error(ref.reason)
    await db()
      .transaction()
      .execute((trx) => projectBoard(trx, ref.doc, result.doc))
    const api = client(app, contractor.token)
    const paths = [`/api/tasks/${result.card}`, `/api/attachments/${w.home.coop.id}/of/task/${result.card}`]
    for (const path of paths) expect((await api.get(path)).status).toBe(200)
    const removed = await client(app, w.people.pipesAdmin.token).delete(
      `/api/orgs/${w.pipes.id}/members/${contractor.membershipId}`,
    )
    expect(removed.status).toBe(200)
    for (const path of paths) expect((await api.get(path)).status).toBe(404)
  })
})
