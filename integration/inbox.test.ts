import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createCase } from '../api/cases/create.ts'
import { ENGINES, type TestClient, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { setCaseField, setCaseStatus } from '../schema/docs/case.ts'
import { itemsOf, markInboxRead, readInbox } from '../schema/docs/inbox.ts'
import { docName, inboxDocName } from '../schema/docs/names.ts'
import { postMessage } from '../schema/docs/thread.ts'
import { loadOrgRef, loadPrincipal } from '../server/access/principal.ts'
import { loadDocumentState } from '../server/docstore/documents.ts'
import {
  addMembership,
  createOrg,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../server/test/factories.ts'

describe.each(ENGINES)('live notification inbox on %s', (engine) => {
  const suite = useCollabServer(engine)
  const open = suite.open
  const db = suite.db
  const connect = async (name: string, token: string) =>
    open(suite.server.url, name, { token: await tokenFor(db(), token) })

  /** What the inbox holds: stored (whichever instance wrote it) or live on this one. */
  const inbox = async (userId: string, live?: TestClient) => {
    const stored = await loadDocumentState(db(), inboxDocName(userId))
    const doc = new Y.Doc()
    if (stored) Y.applyUpdate(doc, stored)
    if (live) Y.applyUpdate(doc, Y.encodeStateAsUpdate(live.doc))
    return readInbox(doc)
  }

  async function world() {
    const home = await managedCooperative(db())
    const reporter = await createUser(db(), { name: `Riikka ${crypto.randomUUID().slice(0, 6)}` })
    await addMembership(db(), home.coop.id, reporter.id, 'resident', {
      buildingId: home.buildingId,
      apartmentId: home.apartmentId,
    })
    const reporterToken = await signIn(db(), reporter.id)
    const manager = await member(db(), home.mgmt.id, 'property_manager')
    const pipes = await createOrg(db(), { kind: 'partner_company' })
    const contractor = await member(db(), pipes.id, 'contractor')
    const org = (await loadOrgRef(db(), home.coop.id))!
    const caseId = await createCase(
      db(),
      await loadPrincipal(db(), { userId: reporter.id, mfaVerified: true }),
      org,
      {
        title: 'Ovi ei lukitu',
        description: '',
        category: 'doors_locks',
        priority: 'normal',
        sharedWithBuilding: false,
      },
    )
    // The contractor takes part; the manager assigns them through the document (below).
    await db()
      .insertInto('case_participants')
      .values({
        org_id: home.coop.id,
        case_id: caseId,
        user_id: contractor.id,
        added_by: manager.id,
        via_org_id: pipes.id,
      })
      .execute()
    const threads = await db()
      .selectFrom('threads')
      .select(['id', 'layer'])
      .where('case_id', '=', caseId)
      .execute()
    return {
      home,
      caseId,
      reporter: { ...reporter, token: reporterToken },
      manager,
      contractor,
      caseDoc: docName('case', home.coop.id, caseId),
      thread: docName('thread', home.coop.id, threads.find((t) => t.layer === 'case')!.id),
      notes: docName('thread', home.coop.id, threads.find((t) => t.layer === 'internal')!.id),
    }
  }

  it('a new case reaches the manager’s inbox live, with a link; the owner marks it read', async () => {
    const w = await world()
    const live = await connect(inboxDocName(w.manager.id), w.manager.token)
    await vi.waitFor(() => expect(live.events.authenticated).toEqual(['read-write']))
    await vi.waitFor(
      async () =>
        expect(await inbox(w.manager.id, live)).toContainEqual(
          expect.objectContaining({
            kind: 'case_created',
            link: `/org/${w.home.coop.id}/cases/${w.caseId}`,
            readAt: null,
          }),
        ),
      { timeout: 8000 },
    )
    // Reopen so this client has the item, then mark read through the owner's only allowed write.
    const again = await connect(inboxDocName(w.manager.id), w.manager.token)
    await vi.waitFor(() => expect(readInbox(again.doc).length).toBeGreaterThan(0), { timeout: 8000 })
    markInboxRead(again.doc)
    await vi.waitFor(() => expect(again.provider.unsyncedChanges).toBe(0))
    expect(again.events.closes.filter((r) => r.startsWith('update_refused'))).toEqual([])
    // Anything else is refused: forging an item, removing one.
    itemsOf(again.doc).delete(0, 1)
    await vi.waitFor(() => expect(again.events.closes.some((r) => r.startsWith('update_refused'))).toBe(true))
  })

  it('nobody opens someone else’s inbox', async () => {
    const w = await world()
    const c = await connect(inboxDocName(w.manager.id), w.reporter.token)
    await vi.waitFor(() => expect(c.events.denied).toEqual(['not your inbox']))
  })

  it('status change and messages notify those taking part; internal notes never reach the resident; mentions', async () => {
    const w = await world()
    const manager = await connect(w.caseDoc, w.manager.token)
    await vi.waitFor(() => expect(manager.provider.synced).toBe(true))
    setCaseStatus(manager.doc, 'in_progress', w.manager.id)
    setCaseField(manager.doc, 'assigneeId', w.contractor.id)
    await vi.waitFor(
      async () =>
        expect((await inbox(w.reporter.id)).map((i) => [i.kind, i.body])).toContainEqual([
          'case_status',
          'in_progress',
        ]),
      { timeout: 10_000 },
    )

    const notes = await connect(w.notes, w.manager.token)
    await vi.waitFor(() => expect(notes.provider.synced).toBe(true))
    postMessage(notes.doc, { authorId: w.manager.id, text: 'Sisäinen: tilataan lukkoseppä' })
    const thread = await connect(w.thread, w.manager.token)
    await vi.waitFor(() => expect(thread.provider.synced).toBe(true))
    postMessage(thread.doc, {
      authorId: w.manager.id,
      text: `Hei @${w.reporter.name}, lukkoseppä tulee huomenna`,
    })

    await vi.waitFor(
      async () => {
        const contractor = await inbox(w.contractor.id)
        expect(contractor.some((i) => i.kind === 'message' && i.body.includes('Sisäinen'))).toBe(true)
        const resident = await inbox(w.reporter.id)
        expect(resident.some((i) => i.kind === 'mention' && i.body.includes('lukkoseppä tulee'))).toBe(true)
      },
      { timeout: 10_000 },
    )
    expect((await inbox(w.reporter.id)).some((i) => i.body.includes('Sisäinen'))).toBe(false)
    // Mail per preference: case updates by email by default, messages not.
    const mail = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', w.reporter.email)
      .execute()
    expect(mail.map((m) => m.kind)).toContain('notify.case_status')
    expect(mail.map((m) => m.kind)).not.toContain('notify.message')
  })
})
