import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  addCard,
  addColumn,
  cardsOf,
  moveCard,
  readBoard,
  readCards,
  seedColumns,
  updateCard,
} from '../schema/docs/board.ts'
import { docName } from '../schema/docs/names.ts'
import type { Role } from '../schema/roles.ts'
import { writeStoredDocument } from '../server/docstore/docWriter.ts'
import { createOrg, member } from '../server/test/factories.ts'
import { ENGINES, serverHandled, tokenFor, useCollabServer } from './test/harness.ts'

describe.each(ENGINES)('board documents on %s', (engine) => {
  const suite = useCollabServer(engine)
  const open = suite.open

  const db = suite.db

  /** A cooperative with a board (three columns, stored), a partner company and people. */
  async function boardFixture(visibility: 'board' | 'residents' = 'board') {
    const org = await createOrg(db())
    const partner = await createOrg(db(), { kind: 'partner_company' })
    const board = await db()
      .insertInto('boards')
      .values({ org_id: org.id, title: 'Renovation 2027', visibility, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const name = docName('board', org.id, board.id)
    await writeStoredDocument(db(), name, (doc) => seedColumns(doc, ['Todo', 'Doing', 'Done']))
    const as = async (role: Role, orgId = org.id) => {
      const m = await member(db(), orgId, role)
      return { ...m, collabToken: await tokenFor(db(), m.token) }
    }
    return { org, partner, boardId: board.id, name, as }
  }

  const connect = async (name: string, token: string) => {
    const c = open(suite.server.url, name, { token })
    await vi.waitFor(() => expect(c.provider.synced || c.events.denied.length > 0).toBe(true))
    return c
  }
  const serverDoc = (name: string) => suite.server.collab.hocuspocus.documents.get(name)!
  const layout = (doc: Y.Doc) =>
    readBoard(doc).columns.map((c) => `${c.title}: ${c.cards.map((card) => card.title).join(', ')}`)

  describe('who opens a board', () => {
    it('gives board members a writable connection and accountants a read-only one', async () => {
      const f = await boardFixture()
      const boardMember = await connect(f.name, (await f.as('board_member')).collabToken)
      expect(boardMember.events.authenticated).toEqual(['read-write'])
      const accountant = await connect(f.name, (await f.as('accountant')).collabToken)
      expect(accountant.events.authenticated).toEqual(['readonly'])
    })

    it('lets residents read a published board only', async () => {
      const hidden = await boardFixture('board')
      const r1 = open(suite.server.url, hidden.name, { token: (await hidden.as('resident')).collabToken })
      await vi.waitFor(() => expect(r1.events.denied).toEqual(['forbidden']))
      const published = await boardFixture('residents')
      const r2 = await connect(published.name, (await published.as('resident')).collabToken)
      expect(r2.events.authenticated).toEqual(['readonly'])
      expect(readBoard(r2.doc).columns.map((c) => c.title)).toEqual(['Todo', 'Doing', 'Done'])
    })

    it('never lets a contractor open the board, even with a card delegated to their company', async () => {
      const f = await boardFixture('residents')
      await writeStoredDocument(db(), f.name, (doc) => {
        const card = addCard(doc, {
          title: 'Replace pipes',
          columnId: readBoard(doc).columns[0]!.id,
          createdBy: crypto.randomUUID(),
        })
        updateCard(doc, card.id, { delegatedOrgId: f.partner.id })
      })
      for (const role of ['contractor', 'contractor_representative', 'org_admin'] as const) {
        const contractor = await f.as(role, f.partner.id)
        const c = open(suite.server.url, f.name, { token: contractor.collabToken })
        await vi.waitFor(() => expect(c.events.denied).toEqual(['forbidden']))
      }
    })

    it('refuses a board named under another organisation', async () => {
      const f = await boardFixture()
      const other = await createOrg(db())
      const outsider = await member(db(), other.id, 'board_member')
      const c = open(suite.server.url, docName('board', other.id, f.boardId), {
        token: await tokenFor(db(), outsider.token),
      })
      await vi.waitFor(() => expect(c.events.denied).toEqual(['not_found']))
    })
  })

  describe('write guard', () => {
    /** Sends a hand-made Yjs update through a real connection and returns the server's verdict. */
    async function forge(
      f: Awaited<ReturnType<typeof boardFixture>>,
      role: Role,
      craft: (doc: Y.Doc) => void,
    ) {
      const attacker = await connect(f.name, (await f.as(role)).collabToken)
      const watcher = await connect(f.name, (await f.as('board_member')).collabToken)
      const before = Y.encodeStateAsUpdate(serverDoc(f.name))
      const logBefore = await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', f.name)
        .execute()
      // Plain Yjs on a copy of the attacker's doc, sent as one raw update.
      const forged = new Y.Doc()
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(attacker.doc))
      const sv = Y.encodeStateVector(forged)
      craft(forged)
      Y.applyUpdate(attacker.doc, Y.encodeStateAsUpdate(forged, sv))
      return { attacker, watcher, before, logBefore }
    }

    async function expectUnchanged(
      f: Awaited<ReturnType<typeof boardFixture>>,
      r: Awaited<ReturnType<typeof forge>>,
    ) {
      // The server has judged the forgery (refused: the attacker's connection closed).
      await serverHandled(r.attacker)
      expect(Y.encodeStateAsUpdate(serverDoc(f.name))).toEqual(r.before)
      const log = await db()
        .selectFrom('collab_updates')
        .select('id')
        .where('doc_name', '=', f.name)
        .execute()
      expect(log.length).toBe(r.logBefore.length)
      const fresh = new Y.Doc()
      Y.applyUpdate(fresh, r.before)
      expect(layout(r.watcher.doc)).toEqual(layout(fresh))
      expect(readCards(r.watcher.doc)).toEqual(readCards(fresh))
    }

    it("refuses a read-only user's update and changes nothing anywhere", async () => {
      const f = await boardFixture('residents')
      const r = await forge(f, 'resident', (doc) => {
        addCard(doc, {
          title: 'Free sauna',
          columnId: readBoard(doc).columns[0]!.id,
          createdBy: crypto.randomUUID(),
        })
      })
      await expectUnchanged(f, r)
    })

    const forgeries: Array<[string, (doc: Y.Doc, userId: string) => void]> = [
      ['a root outside the shape', (doc) => doc.getMap('secrets').set('x', 1)],
      ['a card under a non-UUID key', (doc) => cardsOf(doc).set('card-1', new Y.Map())],
      [
        'a field outside the shape',
        (doc) => {
          const col = readBoard(doc).columns[0]!
          ;(doc.getMap('columns').get(col.id) as Y.Map<unknown>).set('color', 'red')
        },
      ],
      [
        'removing a column',
        (doc) => {
          doc.getMap('columns').delete(readBoard(doc).columns[0]!.id)
        },
      ],
      [
        'a card created in someone else’s name',
        (doc) => {
          addCard(doc, {
            title: 'x',
            columnId: readBoard(doc).columns[0]!.id,
            createdBy: crypto.randomUUID(),
          })
        },
      ],
      [
        'a card without a title',
        (doc, userId) => {
          const card = new Y.Map<unknown>()
          const id = crypto.randomUUID()
          card.set('id', id)
          card.set('createdBy', userId)
          card.set('createdAt', Date.now())
          card.set('place', { columnId: readBoard(doc).columns[0]!.id, order: 'V' })
          cardsOf(doc).set(id, card)
        },
      ],
      [
        'a column order that is not an ordering key',
        (doc) => {
          const col = readBoard(doc).columns[0]!
          const m = doc.getMap('columns').get(col.id) as Y.Map<unknown>
          m.set('order', 'not a key!')
        },
      ],
    ]

    for (const [what, craft] of forgeries) {
      it(`refuses ${what} from a board member and changes nothing`, async () => {
        const f = await boardFixture()
        const attacker = await f.as('board_member')
        const c = await connect(f.name, attacker.collabToken)
        const watcher = await connect(f.name, (await f.as('board_member')).collabToken)
        const before = Y.encodeStateAsUpdate(serverDoc(f.name))
        const forged = new Y.Doc()
        Y.applyUpdate(forged, Y.encodeStateAsUpdate(c.doc))
        const sv = Y.encodeStateVector(forged)
        craft(forged, attacker.id)
        Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(forged, sv))
        await vi.waitFor(() => expect(c.events.closes.some((r) => r.startsWith('update_refused'))).toBe(true))
        expect(Y.encodeStateAsUpdate(serverDoc(f.name))).toEqual(before)
        const fresh = new Y.Doc()
        Y.applyUpdate(fresh, before)
        expect(layout(watcher.doc)).toEqual(layout(fresh))
        expect(watcher.doc.share.has('secrets')).toBe(false)
      })
    }

    it('accepts everything the writers do', async () => {
      const f = await boardFixture()
      const alice = await f.as('board_member')
      const c = await connect(f.name, alice.collabToken)
      const watcher = await connect(f.name, (await f.as('property_manager')).collabToken)
      const todo = readBoard(c.doc).columns[0]!
      const card = addCard(c.doc, { title: 'Paint stairwell', columnId: todo.id, createdBy: alice.id })
      updateCard(c.doc, card.id, {
        due: '2027-06-01',
        labels: ['paint'],
        progress: 10,
        description: 'B stair',
      })
      updateCard(c.doc, card.id, { title: 'Paint stairwell B' })
      moveCard(c.doc, card.id, readBoard(c.doc).columns[1]!.id, 0)
      addColumn(c.doc, { title: 'Waiting' })
      await vi.waitFor(() => expect(layout(watcher.doc)).toEqual(layout(c.doc)))
      expect(c.events.closes).toEqual([])
      expect(readCards(watcher.doc)[0]).toMatchObject({ title: 'Paint stairwell B', progress: 10 })
    })
  })

  describe('concurrency and projection', () => {
    it('converges when two clients move the same card at once: one card, one column', async () => {
      const f = await boardFixture()
      const alice = await f.as('board_member')
      const bob = await f.as('board_member')
      const a = await connect(f.name, alice.collabToken)
      const b = await connect(f.name, bob.collabToken)
      const [todo, doing, done] = readBoard(a.doc).columns
      const cards = Array.from({ length: 5 }, (_, i) =>
        addCard(a.doc, { title: `Card ${i}`, columnId: todo!.id, createdBy: alice.id }),
      )
      await vi.waitFor(() => expect(readCards(b.doc)).toHaveLength(5))
      // Both go offline, move the same card to different columns, and come back.
      a.provider.disconnect()
      b.provider.disconnect()
      moveCard(a.doc, cards[0]!.id, doing!.id, 0)
      moveCard(b.doc, cards[0]!.id, done!.id, 0)
      moveCard(a.doc, cards[1]!.id, done!.id, 0)
      moveCard(b.doc, cards[2]!.id, done!.id, 0)
      await a.provider.connect()
      await b.provider.connect()
      await vi.waitFor(() => {
        expect(layout(a.doc)).toEqual(layout(b.doc))
        expect(layout(serverDoc(f.name))).toEqual(layout(a.doc))
      })
      const titles = readBoard(a.doc).columns.flatMap((c) => c.cards.map((card) => card.title))
      expect(titles.sort()).toEqual(['Card 0', 'Card 1', 'Card 2', 'Card 3', 'Card 4'])
    })

    it('projects every card into tasks (title, column, delegation), and a crafted delegation to a non-partner as none', async () => {
      const f = await boardFixture()
      const alice = await f.as('board_member')
      const c = await connect(f.name, alice.collabToken)
      const [todo, doing] = readBoard(c.doc).columns
      const one = addCard(c.doc, { title: 'Pipes', columnId: todo!.id, createdBy: alice.id })
      const two = addCard(c.doc, { title: 'Roof', columnId: todo!.id, createdBy: alice.id })
      updateCard(c.doc, one.id, { delegatedOrgId: f.partner.id, due: '2027-03-31' })
      updateCard(c.doc, two.id, { delegatedOrgId: f.org.id })
      moveCard(c.doc, two.id, doing!.id, 0)
      await vi.waitFor(
        async () => {
          const rows = await db()
            .selectFrom('tasks')
            .select(['card_id', 'title', 'status', 'delegated_org_id'])
            .where('board_id', '=', f.boardId)
            .orderBy('title')
            .execute()
          expect(rows).toEqual([
            { card_id: one.id, title: 'Pipes', status: 'Todo', delegated_org_id: f.partner.id },
            { card_id: two.id, title: 'Roof', status: 'Doing', delegated_org_id: null },
          ])
        },
        { timeout: 5000, interval: 100 },
      )
      const outbox = await db()
        .selectFrom('outbox')
        .select('entity_id')
        .where('topic', '=', 'task.changed')
        .where('org_id', '=', f.org.id)
        .execute()
      expect(new Set(outbox.map((o) => o.entity_id))).toEqual(new Set([one.id, two.id]))
    })
  })
})
