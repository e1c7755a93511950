import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createCase } from '../api/cases/create.ts'
import {
  channelFixture,
  ENGINES,
  startCollab,
  type TestClient,
  tokenFor,
  useCollabServer,
} from '../collab-server/test/harness.ts'
import { addChecklistItem, checklistOf, readCase } from '../schema/docs/case.ts'
import { docName, parseDocName } from '../schema/docs/names.ts'
import { type FieldValue, messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'
import { loadOrgRef, loadPrincipal } from '../server/access/principal.ts'
import { compactDocument, loadDocumentState } from '../server/docstore/documents.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../server/test/factories.ts'

/** Under a loaded machine the server's answer can take seconds. */
const WAIT = { timeout: 10_000, interval: 50 }

/**
 * Ids of new items (issue 12, items 1 and 2): hostile plain-Yjs clients reuse another person's
 * message id, give one fresh id to two messages in one update, or reuse an archived message's id;
 * a case checklist item reuses another item's id. The guard refuses each (document, log and other
 * readers untouched); compaction never lets one author's message overwrite another's row, and
 * parks what it cannot write instead of failing for ever.
 */

/** A message map with the given fields, as a hostile client writes it (no schema writer). */
function rawMessage(fields: { id: string; authorId: string; text: string }): Y.Map<FieldValue> {
  const map = new Y.Map<FieldValue>()
  for (const [k, v] of Object.entries({
    ...fields,
    createdAt: Date.now(),
    editedAt: null,
    deleted: false,
    hidden: false,
    hiddenReason: null,
    hiddenBy: null,
    attachments: [],
  }))
    map.set(k, v as FieldValue)
  return map
}

const refused = (c: TestClient) => c.events.closes.some((r) => r.startsWith('update_refused'))

describe.each(ENGINES)('fresh ids in live documents on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db
  const logRows = async (name: string) =>
    (await db().selectFrom('collab_updates').select('id').where('doc_name', '=', name).execute()).length
  /** What is stored (snapshot + log), as a fresh load would see it. */
  const stored = async (name: string) => {
    const doc = new Y.Doc()
    const state = await loadDocumentState(db(), name)
    if (state) Y.applyUpdate(doc, state)
    return doc
  }

  async function thread() {
    const fx = await channelFixture(db())
    const [alice, bob] = [await fx.member('resident'), await fx.member('owner')]
    const bobClient = suite.open(suite.server.url, fx.name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(bobClient.provider.synced).toBe(true), WAIT)
    const bobMessage = postMessage(bobClient.doc, { authorId: bob.id, text: 'bob was here' })
    await vi.waitFor(() => expect(bobClient.provider.unsyncedChanges).toBe(0), WAIT)
    const aliceClient = suite.open(suite.server.url, fx.name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(readMessages(aliceClient.doc)).toHaveLength(1), WAIT)
    const serverDoc = suite.server.collab.hocuspocus.documents.get(fx.name)!
    return { ...fx, alice, bob, bobClient, bobMessage, aliceClient, serverDoc }
  }

  /** Alice's forgery is refused, and nothing changed anywhere. */
  async function expectRefused(t: Awaited<ReturnType<typeof thread>>, forge: (doc: Y.Doc) => void) {
    const before = Y.encodeStateAsUpdate(t.serverDoc)
    forge(t.aliceClient.doc)
    await vi.waitFor(() => expect(refused(t.aliceClient)).toBe(true), WAIT)
    expect(t.aliceClient.events.closes.join()).toMatch(/id/)
    expect(Y.encodeStateAsUpdate(t.serverDoc)).toEqual(before)
    expect(readMessages(await stored(t.name)).map((m) => m.text)).toEqual(['bob was here'])
    expect(readMessages(t.bobClient.doc)).toEqual([
      expect.objectContaining({ id: t.bobMessage.id, authorId: t.bob.id, text: 'bob was here' }),
    ])
  }

  it("refuses a new message that reuses another member's message id", async () => {
    const t = await thread()
    await expectRefused(t, (doc) =>
      messagesOf(doc).push([rawMessage({ id: t.bobMessage.id, authorId: t.alice.id, text: 'forged' })]),
    )
  })

  it('refuses a new message inserted before the original with its id', async () => {
    const t = await thread()
    await expectRefused(t, (doc) =>
      messagesOf(doc).insert(0, [rawMessage({ id: t.bobMessage.id, authorId: t.alice.id, text: 'first!' })]),
    )
  })

  it('refuses two new messages with one fresh id in one update', async () => {
    const t = await thread()
    const id = crypto.randomUUID()
    await expectRefused(t, (doc) =>
      doc.transact(() =>
        messagesOf(doc).push([
          rawMessage({ id, authorId: t.alice.id, text: 'one' }),
          rawMessage({ id, authorId: t.alice.id, text: 'two' }),
        ]),
      ),
    )
    // A fresh id of her own is still welcome.
    const ok = suite.open(suite.server.url, t.name, { token: await tokenFor(db(), t.alice.token) })
    await vi.waitFor(() => expect(ok.provider.synced).toBe(true), WAIT)
    postMessage(ok.doc, { authorId: t.alice.id, text: 'hello' })
    await vi.waitFor(
      () => expect(readMessages(t.bobClient.doc).map((m) => m.text)).toEqual(['bob was here', 'hello']),
      WAIT,
    )
  })

  it('refuses a case checklist item that reuses another item’s id, or one id twice', async () => {
    const home = await managedCooperative(db())
    const reporter = await createUser(db())
    await addMembership(db(), home.coop.id, reporter.id, 'resident', {
      buildingId: home.buildingId,
      apartmentId: home.apartmentId,
    })
    const reporterToken = await signIn(db(), reporter.id)
    const manager = await member(db(), home.mgmt.id, 'property_manager')
    const org = (await loadOrgRef(db(), home.coop.id))!
    const principal = await loadPrincipal(db(), { userId: reporter.id, mfaVerified: true })
    const caseId = await createCase(db(), principal, org, {
      title: 'Vuoto',
      description: 'Lattiakaivo vuotaa.',
      category: 'water_damage',
      priority: 'high',
      sharedWithBuilding: false,
    })
    const name = docName('case', home.coop.id, caseId)
    const staff = suite.open(suite.server.url, name, { token: await tokenFor(db(), manager.token) })
    await vi.waitFor(() => expect(staff.provider.synced).toBe(true), WAIT)
    addChecklistItem(staff.doc, 'Tilaa putkimies', 'item-1', manager.id)
    await vi.waitFor(() => expect(staff.provider.unsyncedChanges).toBe(0), WAIT)
    const serverDoc = suite.server.collab.hocuspocus.documents.get(name)!

    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => addChecklistItem(doc, 'Minun kohtani', 'item-1', reporter.id),
      (doc) =>
        doc.transact(() => {
          addChecklistItem(doc, 'yksi', 'item-2', reporter.id)
          addChecklistItem(doc, 'kaksi', 'item-2', reporter.id)
        }),
    ]
    for (const forge of attempts) {
      const hostile = suite.open(suite.server.url, name, { token: await tokenFor(db(), reporterToken) })
      await vi.waitFor(() => expect(checklistOf(hostile.doc).length).toBe(1), WAIT)
      const before = Y.encodeStateAsUpdate(serverDoc)
      forge(hostile.doc)
      await vi.waitFor(() => expect(refused(hostile)).toBe(true), WAIT)
      expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(before)
      expect(readCase(await stored(name)).checklist.map((i) => i.id)).toEqual(['item-1'])
      expect(readCase(staff.doc).checklist).toEqual([
        { id: 'item-1', text: 'Tilaa putkimies', done: false, by: manager.id },
      ])
    }
    // A fresh id is fine.
    const fine = suite.open(suite.server.url, name, { token: await tokenFor(db(), reporterToken) })
    await vi.waitFor(() => expect(fine.provider.synced).toBe(true), WAIT)
    addChecklistItem(fine.doc, 'Oma kohta', 'item-3', reporter.id)
    await vi.waitFor(
      () => expect(readCase(staff.doc).checklist.map((i) => i.id)).toEqual(['item-1', 'item-3']),
      WAIT,
    )
  })

  describe('compaction', () => {
    const errors: string[] = []
    afterEach(() => {
      vi.restoreAllMocks()
      errors.length = 0
    })

    it("never lets one author's message overwrite another author's row: refused, parked, reported", async () => {
      const { name, threadId, member: join } = await channelFixture(db())
      const [alice, bob] = [await join('resident'), await join('owner')]
      const parsed = parseDocName(name)
      if (!parsed.ok) throw new Error(parsed.reason)
      // Bob's message is projected.
      const live = new Y.Doc()
      const bobMessage = postMessage(live, { authorId: bob.id, text: 'bob was here' })
      await compactDocument(db(), parsed.doc, live)
      // A document that holds a forged copy under Bob's id (accepted by a server before the
      // guard refused it, or replayed from an old log) is compacted again.
      messagesOf(live).push([rawMessage({ id: bobMessage.id, authorId: alice.id, text: 'forged' })])
      const after = postMessage(live, { authorId: alice.id, text: 'alice, honestly' })
      const result = await compactDocument(db(), parsed.doc, live)

      const rows = await db()
        .selectFrom('messages')
        .select(['id', 'author_id', 'text'])
        .where('thread_id', '=', threadId)
        .orderBy('seq')
        .execute()
      expect(rows).toEqual([
        { id: bobMessage.id, author_id: bob.id, text: 'bob was here' },
        { id: after.id, author_id: alice.id, text: 'alice, honestly' },
      ])
      expect(result.parked).toEqual([
        expect.objectContaining({ docName: name, entityId: bobMessage.id, authorId: alice.id }),
      ])
      expect(result.parked[0]!.reason).toMatch(/another author/)
      // Reported once: the next compaction parks nothing new.
      expect((await compactDocument(db(), parsed.doc, live)).parked).toEqual([])
      const parked = await db()
        .selectFrom('projection_parked')
        .selectAll()
        .where('doc_name', '=', name)
        .execute()
      expect(parked).toHaveLength(1)
      // The forged text is not in Bob's message history either.
      const versions = await db()
        .selectFrom('message_versions')
        .select('text')
        .where('thread_id', '=', threadId)
        .where('message_id', '=', bobMessage.id)
        .execute()
      expect(versions.map((v) => v.text)).not.toContain('forged')
    })

    it('two messages with one id in the log no longer stop compaction: the second is parked, alert and metric', async () => {
      const server = await startCollab(db(), { debounceMs: 100, maxDebounceMs: 300 }, { LOG_LEVEL: 'error' })
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)))
      try {
        const { name, threadId, member: join } = await channelFixture(db())
        const alice = await join('resident')
        // What an older server accepted: one update, two new messages, one fresh id.
        const crafted = new Y.Doc()
        const id = crypto.randomUUID()
        crafted.transact(() =>
          messagesOf(crafted).push([
            rawMessage({ id, authorId: alice.id, text: 'one' }),
            rawMessage({ id, authorId: alice.id, text: 'two' }),
          ]),
        )
        await db()
          .insertInto('collab_updates')
          .values({ doc_name: name, update: Y.encodeStateAsUpdate(crafted), user_id: alice.id })
          .execute()

        const c = suite.open(server.url, name, { token: await tokenFor(db(), alice.token) })
        await vi.waitFor(() => expect(readMessages(c.doc)).toHaveLength(2), WAIT)
        const later = postMessage(c.doc, { authorId: alice.id, text: 'later' })
        // Compaction goes on: the later message reaches its row, the log is folded.
        await vi.waitFor(
          async () => {
            const rows = await db()
              .selectFrom('messages')
              .select(['id', 'text'])
              .where('thread_id', '=', threadId)
              .orderBy('seq')
              .execute()
            expect(rows).toEqual([
              { id, text: 'one' },
              { id: later.id, text: 'later' },
            ])
            expect(await logRows(name)).toBe(0)
          },
          { timeout: 10_000, interval: 100 },
        )
        expect(server.collab.metrics.compactionFailures).toBe(0)
        expect(server.collab.metrics.projectionParked).toBe(1)
        const parked = await db()
          .selectFrom('projection_parked')
          .selectAll()
          .where('doc_name', '=', name)
          .execute()
        expect(parked).toEqual([expect.objectContaining({ entity_id: id, author_id: alice.id })])
        const alert = errors.map((l) => JSON.parse(l)).find((l) => l.event === 'collab.projection_parked')
        expect(alert).toEqual(expect.objectContaining({ alert: true, docName: name, entityId: id }))
      } finally {
        await server.close()
      }
    })
  })
})

describe.each(ENGINES)('a new message cannot take an archived message’s id on %s', (engine) => {
  const suite = useCollabServer(engine, { archive: { keep: 1, at: 1 }, debounceMs: 100, maxDebounceMs: 300 })
  const db = suite.db

  it('refuses it (the id is only in the archive), and the archived row stays the original', async () => {
    const { name, threadId, member: join } = await channelFixture(db())
    const [alice, bob] = [await join('resident'), await join('owner')]
    const bobClient = suite.open(suite.server.url, name, { token: await tokenFor(db(), bob.token) })
    await vi.waitFor(() => expect(bobClient.provider.synced).toBe(true), WAIT)
    const old = postMessage(bobClient.doc, { authorId: bob.id, text: 'an old one' })
    postMessage(bobClient.doc, { authorId: bob.id, text: 'a newer one' })
    // The archive round moves the older message out of the document.
    await vi.waitFor(() => expect(readMessages(bobClient.doc).map((m) => m.text)).toEqual(['a newer one']), {
      timeout: 10_000,
    })
    const aliceClient = suite.open(suite.server.url, name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(readMessages(aliceClient.doc)).toHaveLength(1), WAIT)
    const serverDoc = suite.server.collab.hocuspocus.documents.get(name)!
    const before = Y.encodeStateAsUpdate(serverDoc)
    messagesOf(aliceClient.doc).push([rawMessage({ id: old.id, authorId: alice.id, text: 'forged' })])
    await vi.waitFor(() => expect(refused(aliceClient)).toBe(true), WAIT)
    expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(before)
    // Give a compaction the chance it would have had.
    await new Promise((r) => setTimeout(r, 500))
    const row = await db()
      .selectFrom('messages')
      .select(['author_id', 'text'])
      .where('thread_id', '=', threadId)
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ author_id: bob.id, text: 'an old one' })
  })
})
