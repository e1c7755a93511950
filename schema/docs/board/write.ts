import * as Y from 'yjs'
import { keyBetween } from '../order.ts'
import { cardsOf, columnsOf, readBoard, readChecklist, readColumns } from './read.ts'
import {
  type BoardCard,
  type BoardColumn,
  CARD_CHECKLIST,
  CARD_VALUE_FIELDS,
  type CardPlace,
  type CardValueField,
  type ChecklistItem,
  type ChecklistValue,
  COLUMN_FIELDS,
  cardFieldProblem,
  columnFieldProblem,
  isChecklistValue,
  MAX_CHECKLIST_ITEMS,
  MAX_CHECKLIST_TEXT,
} from './shape.ts'

// ── Writers ─────────────────────────────────────────────────────────────────────────────────

function check(problem: string | null): void {
  if (problem) throw new Error(problem)
}

function requireColumn(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = columnsOf(doc).get(id)
  if (!(map instanceof Y.Map)) throw new Error(`No column ${id} on this board`)
  return map
}

function requireCard(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = cardsOf(doc).get(id)
  if (!(map instanceof Y.Map)) throw new Error(`No card ${id} on this board`)
  return map
}

/** Adds a column at the end (or after `afterId`). */
export function addColumn(doc: Y.Doc, input: { id?: string; title: string; afterId?: string }): BoardColumn {
  const columns = readColumns(doc)
  const at = input.afterId ? columns.findIndex((c) => c.id === input.afterId) : columns.length - 1
  const before = columns[at]?.order ?? null
  const after = columns[at + 1]?.order ?? null
  const column: BoardColumn = {
    id: input.id ?? crypto.randomUUID(),
    title: input.title.trim(),
    order: keyBetween(before, after),
    archived: false,
  }
  for (const f of COLUMN_FIELDS) check(columnFieldProblem(f, column[f], column.id))
  const map = new Y.Map<unknown>()
  for (const f of COLUMN_FIELDS) map.set(f, column[f])
  columnsOf(doc).set(column.id, map)
  return column
}

export function renameColumn(doc: Y.Doc, id: string, title: string): void {
  check(columnFieldProblem('title', title.trim(), id))
  requireColumn(doc, id).set('title', title.trim())
}

export function archiveColumn(doc: Y.Doc, id: string, archived = true): void {
  requireColumn(doc, id).set('archived', archived)
}

/** The place for a card at `index` of a column (other cards of the column unchanged). */
export function placeAt(doc: Y.Doc, columnId: string, index: number, movingId?: string): CardPlace {
  const column = readBoard(doc).columns.find((c) => c.id === columnId)
  const others = (column?.cards ?? []).filter((c) => c.id !== movingId)
  const i = Math.max(0, Math.min(index, others.length))
  return {
    columnId,
    order: keyBetween(others[i - 1]?.place.order ?? null, others[i]?.place.order ?? null),
  }
}

export interface NewCard {
  id?: string
  title: string
  columnId: string
  createdBy: string
  /** Position in the column; default: the end. */
  index?: number
  description?: string
  now?: number
}

export function addCard(doc: Y.Doc, input: NewCard): BoardCard {
  const card: BoardCard = {
    id: input.id ?? crypto.randomUUID(),
    title: input.title.trim(),
    description: input.description ?? '',
    assigneeId: null,
    delegatedOrgId: null,
    due: null,
    labels: [],
    progress: 0,
    place: placeAt(doc, input.columnId, input.index ?? Number.MAX_SAFE_INTEGER),
    archived: false,
    createdAt: input.now ?? Date.now(),
    createdBy: input.createdBy,
    checklist: [],
  }
  for (const f of CARD_VALUE_FIELDS) check(cardFieldProblem(f, card[f], card.id))
  const map = new Y.Map<unknown>()
  for (const f of CARD_VALUE_FIELDS) map.set(f, card[f])
  map.set(CARD_CHECKLIST, new Y.Map<ChecklistValue>())
  cardsOf(doc).set(card.id, map)
  return card
}

export type CardPatch = Partial<
  Pick<
    BoardCard,
    'title' | 'description' | 'assigneeId' | 'delegatedOrgId' | 'due' | 'labels' | 'progress' | 'archived'
  >
>

export function updateCard(doc: Y.Doc, id: string, patch: CardPatch): void {
  const map = requireCard(doc, id)
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[CardValueField, unknown]>
  for (const [f, v] of entries) check(cardFieldProblem(f, v, id))
  doc.transact(() => {
    for (const [f, v] of entries) {
      // Only write what changed: an unchanged write would still win over a concurrent edit.
      const current = map.get(f)
      if (JSON.stringify(current) !== JSON.stringify(v)) map.set(f, v)
    }
  })
}

/** Moves a card to position `index` of a column: one atomic write of its place. */
export function moveCard(doc: Y.Doc, id: string, columnId: string, index: number): CardPlace {
  const map = requireCard(doc, id)
  requireColumn(doc, columnId)
  const place = placeAt(doc, columnId, index, id)
  map.set('place', place)
  return place
}

function checklistOf(doc: Y.Doc, cardId: string): Y.Map<ChecklistValue> {
  const list = requireCard(doc, cardId).get(CARD_CHECKLIST)
  if (!(list instanceof Y.Map)) throw new Error('This card has no checklist')
  return list as Y.Map<ChecklistValue>
}

export function addChecklistItem(doc: Y.Doc, cardId: string, text: string, id = crypto.randomUUID()): string {
  const list = checklistOf(doc, cardId)
  if (list.size >= MAX_CHECKLIST_ITEMS) throw new Error('The checklist is full')
  const items = readChecklist(list)
  const value: ChecklistValue = {
    text: text.trim(),
    done: false,
    order: keyBetween(items.at(-1)?.order ?? null, null),
  }
  if (!isChecklistValue(value)) throw new Error(`A checklist item is 1–${MAX_CHECKLIST_TEXT} characters`)
  list.set(id, value)
  return id
}

export function setChecklistItem(
  doc: Y.Doc,
  cardId: string,
  itemId: string,
  patch: { text?: string; done?: boolean },
): void {
  const list = checklistOf(doc, cardId)
  const current = list.get(itemId)
  if (!isChecklistValue(current)) throw new Error('No such checklist item')
  const value: ChecklistValue = {
    text: patch.text?.trim() ?? current.text,
    done: patch.done ?? current.done,
    order: current.order,
  }
  if (!isChecklistValue(value)) throw new Error(`A checklist item is 1–${MAX_CHECKLIST_TEXT} characters`)
  list.set(itemId, value)
}

export function removeChecklistItem(doc: Y.Doc, cardId: string, itemId: string): void {
  checklistOf(doc, cardId).delete(itemId)
}

/** Puts a removed checklist item back with its text, state and place: the undo of a removal. */
export function restoreChecklistItem(doc: Y.Doc, cardId: string, item: ChecklistItem): void {
  const list = checklistOf(doc, cardId)
  if (list.has(item.id)) return
  if (list.size >= MAX_CHECKLIST_ITEMS) throw new Error('The checklist is full')
  const value: ChecklistValue = { text: item.text, done: item.done, order: item.order }
  if (!isChecklistValue(value)) throw new Error(`A checklist item is 1–${MAX_CHECKLIST_TEXT} characters`)
  list.set(item.id, value)
}

/** Columns a new board starts with. */
export function seedColumns(doc: Y.Doc, titles: readonly string[]): BoardColumn[] {
  return doc.transact(() => titles.map((title) => addColumn(doc, { title })))
}
