import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addChecklistItem,
  appendToDescription,
  checklistOf,
  descriptionOf,
  editChecklistItem,
  fieldsOf,
  historyOf,
  initCaseDoc,
  readCase,
  removeChecklistItem,
  setCaseField,
  setCaseStatus,
  setChecklistDone,
} from '../../schema/docs/case.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import { judgeUpdate } from './rules.ts'

const RESIDENT = '11111111-1111-4111-8111-111111111111'
const STAFF = '33333333-3333-4333-8333-333333333333'
const OUTSIDER = '44444444-4444-4444-8444-444444444444'
const ref = (() => {
  const parsed = parseDocName(`${crypto.randomUUID()}/case/${crypto.randomUUID()}`)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.doc
})()

/** A server case document and a judge that applies a crafted update from a plain Yjs replica. */
function setup() {
  const server = new Y.Doc()
  initCaseDoc(server, {
    title: 'Leaking tap',
    description: 'Drips all day.',
    category: 'water_damage',
    priority: 'normal',
    reporterId: RESIDENT,
    at: 1,
  })
  addChecklistItem(server, 'Shut the valve', 'item-1', STAFF)
  addChecklistItem(server, 'Photos of the floor', 'own-1', RESIDENT)
  const judge = (userId: string, change: (doc: Y.Doc) => void, manager = false) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(doc)
    change(doc)
    const update = Y.encodeStateAsUpdate(doc, before)
    const verdict = judgeUpdate(server, ref, update, {
      userId,
      moderator: manager,
      assignable: new Set([STAFF]),
    })
    if (verdict.ok) Y.applyUpdate(server, update)
    return verdict
  }
  return { server, judge }
}

describe('case write rules', () => {
  // [what, change, allowed for an editor (resident), allowed for a manager (staff)]
  const table: Array<[string, (doc: Y.Doc, userId: string) => void, boolean, boolean]> = [
    ['add to the end of the description', (d) => appendToDescription(d, 'Still dripping.'), true, true],
    ['write at the start of the description', (d) => descriptionOf(d).insert(0, 'Update: '), false, true],
    ['write inside the description', (d) => descriptionOf(d).insert(5, 'not '), false, true],
    ['delete part of the description', (d) => descriptionOf(d).delete(0, 5), false, true],
    [
      'replace the description',
      (d) => {
        const text = descriptionOf(d)
        text.delete(0, text.length)
        text.insert(0, 'Nothing wrong here.')
      },
      false,
      true,
    ],
    ['rename the case', (d) => setCaseField(d, 'title', 'Leaking kitchen tap'), true, true],
    [
      'add a checklist item of their own',
      (d, u) => addChecklistItem(d, 'Call the plumber', 'item-2', u),
      true,
      true,
    ],
    [
      'add a checklist item signed by someone else',
      (d, u) => addChecklistItem(d, 'Call the plumber', 'item-2', u === STAFF ? RESIDENT : STAFF),
      false,
      false,
    ],
    ['tick a staff checklist item', (d) => setChecklistDone(d, 'item-1', true), false, true],
    ['edit a staff checklist item', (d) => editChecklistItem(d, 'item-1', 'Skip it'), false, true],
    ['remove a staff checklist item', (d) => removeChecklistItem(d, 'item-1'), false, true],
    ["tick the reporter's own item", (d) => setChecklistDone(d, 'own-1', true), true, true],
    ["edit the reporter's own item", (d) => editChecklistItem(d, 'own-1', 'Photos and video'), true, true],
    ["remove the reporter's own item", (d) => removeChecklistItem(d, 'own-1'), true, true],
    ['re-sign a checklist item', (d, u) => checklistOf(d).get(1).set('by', u), false, false],
    ['change the status', (d, u) => setCaseStatus(d, 'in_progress', u), false, true],
    ['change the assignee', (d) => setCaseField(d, 'assigneeId', STAFF), false, true],
    ['assign someone the API could not assign', (d) => setCaseField(d, 'assigneeId', OUTSIDER), false, false],
    ['change the due date', (d) => setCaseField(d, 'dueDate', '2030-01-31'), false, true],
    ['change the category', (d) => setCaseField(d, 'category', 'heating'), false, true],
    ['change the priority', (d) => setCaseField(d, 'priority', 'urgent'), false, true],
    // Crafted with plain Yjs: what no writer of ours produces.
    [
      'sign a status change as someone else',
      (d) => historyOf(d).push([{ status: 'in_progress', by: RESIDENT, at: 2 }]),
      false,
      false,
    ],
    [
      'jump from new to an unknown status',
      (d, u) => historyOf(d).push([{ status: 'done', by: u, at: 2 }]),
      false,
      false,
    ],
    [
      'add extra keys to a history entry',
      (d, u) => historyOf(d).push([{ status: 'waiting', by: u, at: 2, x: 1 }]),
      false,
      false,
    ],
    ['rewrite history', (d) => historyOf(d).delete(0, 1), false, false],
    ['remove a case field', (d) => fieldsOf(d).delete('title'), false, false],
    ['set an unknown field', (d) => fieldsOf(d).set('reporterId', STAFF), false, false],
    ['write outside the shape', (d) => d.getMap('settings').set('owner', 'me'), false, false],
    ['format the description', (d) => descriptionOf(d).format(0, 4, { bold: true }), false, false],
    ['change a checklist item id', (d) => checklistOf(d).get(0).set('id', 'other'), false, false],
    ['assign a non-id', (d) => fieldsOf(d).set('assigneeId', 'robert'), false, false],
    ['set a malformed due date', (d) => fieldsOf(d).set('dueDate', 'tomorrow'), false, false],
    [
      'add a checklist item without text',
      (d) => {
        const m = new Y.Map<unknown>()
        m.set('id', 'x')
        m.set('done', false)
        checklistOf(d).push([m as Y.Map<string | number | boolean | null>])
      },
      false,
      false,
    ],
    ['overlong description', (d) => descriptionOf(d).insert(0, 'x'.repeat(10_001)), false, false],
  ]

  for (const [what, change, editor, manager] of table) {
    it(`${what}: resident ${editor ? 'may' : 'may not'}, staff ${manager ? 'may' : 'may not'}`, () => {
      const r = setup()
      const beforeResident = Y.encodeStateAsUpdate(r.server)
      expect(r.judge(RESIDENT, (d) => change(d, RESIDENT)).ok).toBe(editor)
      if (!editor) expect(Y.encodeStateAsUpdate(r.server)).toEqual(beforeResident)
      const s = setup()
      expect(s.judge(STAFF, (d) => change(d, STAFF), true).ok).toBe(manager)
    })
  }

  it('a reporter may add to the description only until the case is handled', () => {
    const { server, judge } = setup()
    expect(judge(STAFF, (d) => setCaseStatus(d, 'waiting', STAFF, 10), true).ok).toBe(true)
    expect(judge(RESIDENT, (d) => appendToDescription(d, 'The tap is off now.')).ok).toBe(true)
    expect(judge(STAFF, (d) => setCaseStatus(d, 'resolved', STAFF, 20), true).ok).toBe(true)
    const before = Y.encodeStateAsUpdate(server)
    expect(judge(RESIDENT, (d) => appendToDescription(d, 'It drips again.')).ok).toBe(false)
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
    expect(judge(STAFF, (d) => appendToDescription(d, 'Washer replaced.'), true).ok).toBe(true)
    expect(readCase(server).description).toBe('Drips all day.\n\nThe tap is off now.\n\nWasher replaced.')
  })

  it('an append after text staff removed from the end still counts as an append', () => {
    const { server, judge } = setup()
    expect(judge(STAFF, (d) => descriptionOf(d).delete(5, 9), true).ok).toBe(true)
    expect(judge(RESIDENT, (d) => appendToDescription(d, 'More.')).ok).toBe(true)
    expect(readCase(server).description).toBe('Drips\n\nMore.')
  })

  it('follows the status workflow, reopen included, and records who and when', () => {
    const { server, judge } = setup()
    expect(judge(STAFF, (d) => setCaseStatus(d, 'in_progress', STAFF, 10), true).ok).toBe(true)
    expect(judge(STAFF, (d) => setCaseStatus(d, 'resolved', STAFF, 20), true).ok).toBe(true)
    expect(judge(STAFF, (d) => setCaseStatus(d, 'closed', STAFF, 30), true).ok).toBe(true)
    // closed → resolved is not a move; closed → in progress (reopen) is.
    expect(judge(STAFF, (d) => historyOf(d).push([{ status: 'resolved', by: STAFF, at: 40 }]), true).ok).toBe(
      false,
    )
    expect(judge(STAFF, (d) => setCaseStatus(d, 'in_progress', STAFF, 50), true).ok).toBe(true)
    expect(readCase(server).history.map((h) => [h.status, h.by, h.at])).toEqual([
      ['new', RESIDENT, 1],
      ['in_progress', STAFF, 10],
      ['resolved', STAFF, 20],
      ['closed', STAFF, 30],
      ['in_progress', STAFF, 50],
    ])
    expect(readCase(server).status).toBe('in_progress')
  })
})
