import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { createApi } from '../api/app.ts'
import { client } from '../api/test/http.ts'
import { ENGINES, type TestClient, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import type { CaseDetail } from '../schema/api/cases.ts'
import {
  addChecklistItem,
  appendToDescription,
  checklistOf,
  descriptionOf,
  readCase,
  removeChecklistItem,
  setChecklistDone,
} from '../schema/docs/case.ts'
import { managedCooperative, member } from '../server/test/factories.ts'
import { apiBeside } from './apiBeside.ts'

/**
 * The case record over the wire (issue 12): a resident's plain Yjs replica tries what the case
 * page never offers them: removing or ticking a staff checklist item, rewriting the description.
 * Each is refused, stored nowhere and reaches no one; adding an item of their own and adding to
 * the description are accepted. Every change that got through lands in the case history with who
 * and when (the description's text before and after), served with the case.
 */
describe.each(ENGINES)('the case record over the websocket on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = () => suite.db()
  let app: ReturnType<typeof createApi>
  beforeAll(() => {
    app = apiBeside(suite, { revokesLive: true })
  })

  async function world() {
    const home = await managedCooperative(db())
    const reporter = await member(db(), home.coop.id, 'resident')
    const manager = await member(db(), home.mgmt.id, 'property_manager')
    const res = await client(app, reporter.token).post('/api/cases', {
      org: home.coop.id,
      title: 'Vuoto kylpyhuoneessa',
      description: 'Lattiakaivo vuotaa.',
      category: 'water_damage',
    })
    expect(res.status).toBe(201)
    const { id, documents } = (await res.json()) as CaseDetail
    return { reporter, manager, caseId: id, name: documents.case }
  }

  const connect = async (name: string, sessionToken: string) => {
    const c = suite.open(suite.server.url, name, { token: await tokenFor(db(), sessionToken) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true), { timeout: 10_000 })
    return c
  }
  const refused = (c: TestClient) =>
    vi.waitFor(() => expect(c.events.closes.some((r) => r.startsWith('update_refused'))).toBe(true), {
      timeout: 5000,
    })

  it('refuses a resident removing or ticking a staff item or rewriting the description; accepts their own item and an addition', async () => {
    const w = await world()
    const staff = await connect(w.name, w.manager.token)
    addChecklistItem(staff.doc, 'Kosteusmittaus', 'staff-item', w.manager.id)
    await vi.waitFor(() => expect(staff.provider.unsyncedChanges).toBe(0))
    const serverDoc = suite.server.collab.hocuspocus.documents.get(w.name)!

    const hostile: Array<[string, (doc: Y.Doc) => void]> = [
      ['remove the staff item', (d) => removeChecklistItem(d, 'staff-item')],
      ['tick the staff item', (d) => setChecklistDone(d, 'staff-item', true)],
      [
        'rewrite the description',
        (d) => {
          const text = descriptionOf(d)
          text.delete(0, text.length)
          text.insert(0, 'Ei mitään vikaa.')
        },
      ],
      ['sign an item as staff', (d) => addChecklistItem(d, 'Väärennös', 'forged', w.manager.id)],
    ]
    for (const [what, change] of hostile) {
      const before = Y.encodeStateAsUpdate(serverDoc)
      const resident = await connect(w.name, w.reporter.token)
      change(resident.doc)
      await refused(resident)
      expect(Y.encodeStateAsUpdate(serverDoc), what).toEqual(before)
      resident.destroy()
    }
    expect(readCase(staff.doc).checklist).toEqual([
      { id: 'staff-item', text: 'Kosteusmittaus', done: false, by: w.manager.id },
    ])
    expect(readCase(staff.doc).description).toBe('Lattiakaivo vuotaa.')

    const resident = await connect(w.name, w.reporter.token)
    addChecklistItem(resident.doc, 'Valokuvat', 'own-item', w.reporter.id)
    setChecklistDone(resident.doc, 'own-item', true)
    appendToDescription(resident.doc, 'Nyt myös käytävässä.')
    await vi.waitFor(() =>
      expect(readCase(staff.doc).description).toBe('Lattiakaivo vuotaa.\n\nNyt myös käytävässä.'),
    )
    await vi.waitFor(() => expect(checklistOf(staff.doc).length).toBe(2))
    expect(resident.events.closes).toEqual([])

    // Staff keep every item and rewrite freely.
    removeChecklistItem(staff.doc, 'own-item')
    const text = descriptionOf(staff.doc)
    text.delete(0, 'Lattiakaivo'.length)
    text.insert(0, 'Kylpyhuoneen lattiakaivo')
    await vi.waitFor(() => expect(readCase(resident.doc).checklist.map((i) => i.id)).toEqual(['staff-item']))

    // The history, projected from the update log at compaction and served with the case.
    type Entry = CaseDetail['changes'][number]
    const summary = (e: Entry) => [e.kind, e.by?.id ?? null, e.itemText, e.before, e.after]
    await vi.waitFor(
      async () => {
        const res = await client(app, w.reporter.token).get(`/api/cases/${w.caseId}`)
        expect(res.status).toBe(200)
        const { changes } = (await res.json()) as CaseDetail
        expect(changes.map(summary)).toEqual([
          ['checklist_added', w.manager.id, 'Kosteusmittaus', null, null],
          ['checklist_added', w.reporter.id, 'Valokuvat', null, null],
          ['checklist_ticked', w.reporter.id, 'Valokuvat', null, null],
          [
            'description',
            w.reporter.id,
            null,
            'Lattiakaivo vuotaa.',
            'Lattiakaivo vuotaa.\n\nNyt myös käytävässä.',
          ],
          ['checklist_removed', w.manager.id, 'Valokuvat', null, null],
          [
            'description',
            w.manager.id,
            null,
            'Lattiakaivo vuotaa.\n\nNyt myös käytävässä.',
            'Kylpyhuoneen lattiakaivo vuotaa.\n\nNyt myös käytävässä.',
          ],
        ])
        for (const e of changes) expect(Number.isNaN(Date.parse(e.at))).toBe(false)
      },
      { timeout: 15_000, interval: 200 },
    )
  })
})
