import * as Y from 'yjs'
import {
  CASE_STATUSES,
  type CasePriority,
  type CaseStatus,
  canMoveCase,
  DUE_DATE,
  isCasePriority,
  isCaseStatus,
  MAX_CASE_TITLE_LENGTH,
  MAX_CHECKLIST_ITEMS,
  MAX_CHECKLIST_TEXT_LENGTH,
} from '../cases.ts'

/**
 * The shape of a case document `<orgId>/case/<id>`. Defined once; the client writes through
 * these writers, the projection reads through these readers, and the write guard
 * (collab-server/guard/caseRules.ts) enforces the same shape and who may write which part.
 *
 *   fields:      Y.Map    { title, category, priority, assigneeId, dueDate }
 *   description: Y.Text   co-edited
 *   checklist:   Y.Array<Y.Map { id, text, done, by }>   co-edited; `by` signs who added it
 *   history:     Y.Array<{ status, by, at }>          append-only; the last entry is the status
 *
 * The status is not a field but the end of the history, so "who changed it and when" cannot be
 * lost between two compactions, and nothing can set a status without leaving its trace.
 * Reporter, location and creation time never change and live in the `cases` row only.
 */
export const CASE_FIELDS_ROOT = 'fields'
export const CASE_DESCRIPTION = 'description'
export const CASE_CHECKLIST = 'checklist'
export const CASE_HISTORY = 'history'

/** Fields every editor may change. */
export const CASE_EDITOR_FIELDS = ['title'] as const
/** Fields only case managers (staff, board, maintenance) may change. */
export const CASE_MANAGER_FIELDS = ['category', 'priority', 'assigneeId', 'dueDate'] as const
export type CaseField = (typeof CASE_EDITOR_FIELDS)[number] | (typeof CASE_MANAGER_FIELDS)[number]
export const CASE_FIELDS: readonly CaseField[] = [...CASE_EDITOR_FIELDS, ...CASE_MANAGER_FIELDS]

/**
 * `by` is who added the item, set once: staff keep every item, the reporter only their own
 * (schema/policy.ts `mayChangeCaseRecord`). Items written before it existed count as staff items.
 */
export const CHECKLIST_FIELDS = ['id', 'text', 'done', 'by'] as const
export type ChecklistField = (typeof CHECKLIST_FIELDS)[number]

export type FieldValue = string | number | boolean | null

export interface CaseHistoryEntry {
  status: CaseStatus
  /** Who set it. */
  by: string
  /** Epoch milliseconds. */
  at: number
}

export interface ChecklistItem {
  id: string
  text: string
  done: boolean
  /** Who added it; null for items from before authors were recorded. */
  by: string | null
}

export interface CaseFields {
  title: string
  category: string
  priority: CasePriority
  assigneeId: string | null
  dueDate: string | null
}

export interface CaseView extends CaseFields {
  status: CaseStatus
  description: string
  checklist: ChecklistItem[]
  history: CaseHistoryEntry[]
}

export const fieldsOf = (doc: Y.Doc) => doc.getMap<FieldValue>(CASE_FIELDS_ROOT)
export const descriptionOf = (doc: Y.Doc) => doc.getText(CASE_DESCRIPTION)
export const checklistOf = (doc: Y.Doc) => doc.getArray<Y.Map<FieldValue>>(CASE_CHECKLIST)
export const historyOf = (doc: Y.Doc) => doc.getArray<unknown>(CASE_HISTORY)

const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Validates one history entry as written (the guard uses the same check). */
export function parseHistoryEntry(value: unknown): CaseHistoryEntry | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  const keys = Object.keys(v)
  if (keys.length !== 3 || !keys.every((k) => k === 'status' || k === 'by' || k === 'at')) return null
  if (!isCaseStatus(v.status) || typeof v.by !== 'string' || typeof v.at !== 'number') return null
  if (!Number.isFinite(v.at)) return null
  return { status: v.status, by: v.by, at: v.at }
}

export function readHistory(doc: Y.Doc): CaseHistoryEntry[] {
  const out: CaseHistoryEntry[] = []
  for (const raw of historyOf(doc)) {
    const entry = parseHistoryEntry(raw)
    if (entry) out.push(entry)
  }
  return out
}

/** The current status: the last history entry (a case without history is new). */
export function statusOf(doc: Y.Doc): CaseStatus {
  return readHistory(doc).at(-1)?.status ?? 'new'
}

export function readChecklistItem(map: Y.Map<FieldValue>): ChecklistItem {
  return {
    id: strOrNull(map.get('id')) ?? '',
    text: strOrNull(map.get('text')) ?? '',
    done: map.get('done') === true,
    by: strOrNull(map.get('by')),
  }
}

/** Reads the fields leniently: a reader never throws on a malformed document. */
export function readCaseFields(doc: Y.Doc): CaseFields {
  const f = fieldsOf(doc)
  const priority = f.get('priority')
  return {
    title: strOrNull(f.get('title')) ?? '',
    category: strOrNull(f.get('category')) ?? 'other',
    priority: isCasePriority(priority) ? priority : 'normal',
    assigneeId: strOrNull(f.get('assigneeId')),
    dueDate: strOrNull(f.get('dueDate')),
  }
}

export function readCase(doc: Y.Doc): CaseView {
  const checklist: ChecklistItem[] = []
  for (const item of checklistOf(doc)) if (item instanceof Y.Map) checklist.push(readChecklistItem(item))
  return {
    ...readCaseFields(doc),
    status: statusOf(doc),
    description: descriptionOf(doc).toString(),
    checklist,
    history: readHistory(doc),
  }
}

/** Written once, by the server, when the case is created. */
export function initCaseDoc(
  doc: Y.Doc,
  input: {
    title: string
    description: string
    category: string
    priority: CasePriority
    reporterId: string
    at: number
  },
): void {
  doc.transact(() => {
    const f = fieldsOf(doc)
    f.set('title', input.title)
    f.set('category', input.category)
    f.set('priority', input.priority)
    f.set('assigneeId', null)
    f.set('dueDate', null)
    if (input.description) descriptionOf(doc).insert(0, input.description)
    historyOf(doc).push([{ status: 'new', by: input.reporterId, at: input.at }])
  })
}

export function setCaseStatus(doc: Y.Doc, status: CaseStatus, by: string, at = Date.now()): void {
  const from = statusOf(doc)
  if (from === status) return
  if (!canMoveCase(from, status)) throw new Error(`A case cannot move from ${from} to ${status}`)
  historyOf(doc).push([{ status, by, at }])
}

export function setCaseField<K extends CaseField>(doc: Y.Doc, key: K, value: CaseFields[K]): void {
  if (
    key === 'title' &&
    (typeof value !== 'string' || value.length < 1 || value.length > MAX_CASE_TITLE_LENGTH)
  )
    throw new Error(`A title is 1–${MAX_CASE_TITLE_LENGTH} characters`)
  if (key === 'dueDate' && value !== null && !DUE_DATE.test(String(value)))
    throw new Error('A due date is YYYY-MM-DD')
  fieldsOf(doc).set(key, value)
}

export function addChecklistItem(doc: Y.Doc, text: string, id: string, by: string): void {
  const list = checklistOf(doc)
  if (list.length >= MAX_CHECKLIST_ITEMS) throw new Error(`At most ${MAX_CHECKLIST_ITEMS} checklist items`)
  const clean = text.trim().slice(0, MAX_CHECKLIST_TEXT_LENGTH)
  if (!clean) return
  const map = new Y.Map<FieldValue>()
  map.set('id', id)
  map.set('text', clean)
  map.set('done', false)
  map.set('by', by)
  list.push([map])
}

function checklistIndex(doc: Y.Doc, id: string): number {
  return checklistOf(doc)
    .toArray()
    .findIndex((m) => m instanceof Y.Map && m.get('id') === id)
}

export function setChecklistDone(doc: Y.Doc, id: string, done: boolean): void {
  const i = checklistIndex(doc, id)
  if (i >= 0) checklistOf(doc).get(i).set('done', done)
}

export function editChecklistItem(doc: Y.Doc, id: string, text: string): void {
  const i = checklistIndex(doc, id)
  const clean = text.trim().slice(0, MAX_CHECKLIST_TEXT_LENGTH)
  if (i >= 0 && clean) checklistOf(doc).get(i).set('text', clean)
}

/**
 * Adds text after the description as it is (what a reporter may do while the case is open): one
 * insertion at the very end, so no existing character moves or goes.
 */
export function appendToDescription(doc: Y.Doc, text: string): void {
  const clean = text.trim()
  if (!clean) return
  const description = descriptionOf(doc)
  description.insert(description.length, description.length > 0 ? `\n\n${clean}` : clean)
}

export function removeChecklistItem(doc: Y.Doc, id: string): void {
  const i = checklistIndex(doc, id)
  if (i >= 0) checklistOf(doc).delete(i, 1)
}

export { CASE_STATUSES }
