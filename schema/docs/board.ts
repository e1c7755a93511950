import * as Y from 'yjs'
import { isUuid } from './names.ts'
import { byOrder, isOrderKey, keyBetween } from './order.ts'

/**
 * The shape of a task board document (`<orgId>/board/<id>`). Defined once; the client writes
 * through these writers, the tasks projection reads through these readers, and the write guard
 * (collab-server/guard/boardRules.ts) enforces the same fields, so a crafted update cannot step
 * outside it.
 *
 *   columns: Y.Map<columnId, Y.Map>   { id, title, order, archived }
 *   cards:   Y.Map<cardId, Y.Map>     { id, title, description, assigneeId, delegatedOrgId, due,
 *                                       labels, progress, place, archived, createdAt, createdBy,
 *                                       checklist: Y.Map<itemId, { text, done, order }> }
 *
 * Why this shape:
 * - Cards live in a map keyed by id, not in per-column arrays. A move rewrites one value, `place`
 *   = { columnId, order }, atomically: two people moving the same card at once each write their
 *   `place`, Yjs keeps exactly one, and the card ends in exactly one column. Moving in arrays
 *   (delete here, insert there) would duplicate the card under concurrency.
 * - Order within a column is a fractional key (order.ts): a move writes one key, never renumbers.
 * - Nothing is removed: cards and columns are archived (a flag), so a concurrent edit of a card
 *   someone "deleted" is never lost. A card whose column is gone or archived shows in the first
 *   column, so no card can become unreachable.
 * - Every field is its own map entry, so two people editing different fields of one card merge.
 */
export const BOARD_COLUMNS = 'columns'
export const BOARD_CARDS = 'cards'
export const BOARD_ROOTS = [BOARD_COLUMNS, BOARD_CARDS] as const

export const MAX_TITLE_LENGTH = 200
export const MAX_DESCRIPTION_LENGTH = 10_000
export const MAX_LABELS = 20
export const MAX_LABEL_LENGTH = 40
export const MAX_CHECKLIST_TEXT = 500
export const MAX_CHECKLIST_ITEMS = 200

export interface BoardColumn {
  id: string
  title: string
  order: string
  archived: boolean
}

export interface CardPlace {
  columnId: string
  order: string
}

export interface ChecklistItem {
  id: string
  text: string
  done: boolean
  order: string
}

export interface BoardCard {
  id: string
  title: string
  description: string
  assigneeId: string | null
  delegatedOrgId: string | null
  /** A calendar date, YYYY-MM-DD (Europe/Helsinki), or null. */
  due: string | null
  labels: string[]
  /** 0–100, set by the board or the contractor the card is delegated to. */
  progress: number
  place: CardPlace
  archived: boolean
  /** Epoch milliseconds. */
  createdAt: number
  createdBy: string
  checklist: ChecklistItem[]
}

export const COLUMN_FIELDS = ['id', 'title', 'order', 'archived'] as const
export type ColumnField = (typeof COLUMN_FIELDS)[number]
export const CARD_VALUE_FIELDS = [
  'id',
  'title',
  'description',
  'assigneeId',
  'delegatedOrgId',
  'due',
  'labels',
  'progress',
  'place',
  'archived',
  'createdAt',
  'createdBy',
] as const
export type CardValueField = (typeof CARD_VALUE_FIELDS)[number]
export const CARD_CHECKLIST = 'checklist'
/** Fields a new card must carry (the rest default when read). */
export const CARD_REQUIRED = ['id', 'title', 'place', 'createdAt', 'createdBy'] as const

export type BoardValue = string | number | boolean | null | string[] | CardPlace | ChecklistValue
export interface ChecklistValue {
  text: string
  done: boolean
  order: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

// ── Field validation (shared by the writers and the write guard) ────────────────────────────

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isTitle = (v: unknown) => typeof v === 'string' && v.trim().length >= 1 && v.length <= MAX_TITLE_LENGTH
const uuidOrNull = (v: unknown) => v === null || (typeof v === 'string' && isUuid(v))

export function isCardPlace(v: unknown): v is CardPlace {
  return (
    isObject(v) &&
    Object.keys(v).length === 2 &&
    typeof v.columnId === 'string' &&
    isUuid(v.columnId) &&
    isOrderKey(v.order)
  )
}

export function isChecklistValue(v: unknown): v is ChecklistValue {
  return (
    isObject(v) &&
    Object.keys(v).length === 3 &&
    typeof v.text === 'string' &&
    v.text.length >= 1 &&
    v.text.length <= MAX_CHECKLIST_TEXT &&
    typeof v.done === 'boolean' &&
    isOrderKey(v.order)
  )
}

export function isDueDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

/** Why a value is wrong for a column field, or null when it is fine. */
export function columnFieldProblem(field: ColumnField, value: unknown, id: string): string | null {
  switch (field) {
    case 'id':
      return value === id ? null : 'column id must be its key'
    case 'title':
      return isTitle(value) ? null : 'column title has the wrong length'
    case 'order':
      return isOrderKey(value) ? null : 'column order must be an ordering key'
    case 'archived':
      return typeof value === 'boolean' ? null : 'archived must be true or false'
  }
}

/** Why a value is wrong for a card field, or null when it is fine. */
export function cardFieldProblem(field: CardValueField, value: unknown, id: string): string | null {
  switch (field) {
    case 'id':
      return value === id ? null : 'card id must be its key'
    case 'title':
      return isTitle(value) ? null : 'card title has the wrong length'
    case 'description':
      return typeof value === 'string' && value.length <= MAX_DESCRIPTION_LENGTH
        ? null
        : 'description is too long'
    case 'assigneeId':
    case 'delegatedOrgId':
    case 'createdBy':
      if (field === 'createdBy')
        return typeof value === 'string' && isUuid(value) ? null : 'createdBy is a user'
      return uuidOrNull(value) ? null : `${field} must be an id or null`
    case 'due':
      return value === null || isDueDate(value) ? null : 'due must be a date (YYYY-MM-DD) or null'
    case 'labels':
      return Array.isArray(value) &&
        value.length <= MAX_LABELS &&
        value.every((l) => typeof l === 'string' && l.trim().length >= 1 && l.length <= MAX_LABEL_LENGTH) &&
        new Set(value).size === value.length
        ? null
        : 'labels must be distinct short strings'
    case 'progress':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100
        ? null
        : 'progress is a whole number 0–100'
    case 'place':
      return isCardPlace(value) ? null : 'place is { columnId, order }'
    case 'archived':
      return typeof value === 'boolean' ? null : 'archived must be true or false'
    case 'createdAt':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'createdAt must be a time'
  }
}

// ── Readers (lenient: a reader never throws on a malformed document) ────────────────────────

export function columnsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(BOARD_COLUMNS)
}

export function cardsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(BOARD_CARDS)
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback)

export function readColumn(id: string, map: Y.Map<unknown>): BoardColumn {
  const order = map.get('order')
  return {
    id,
    title: str(map.get('title')),
    order: isOrderKey(order) ? order : 'V',
    archived: map.get('archived') === true,
  }
}

export function readChecklist(map: unknown): ChecklistItem[] {
  if (!(map instanceof Y.Map)) return []
  const items: ChecklistItem[] = []
  for (const [id, value] of map.entries()) {
    if (isChecklistValue(value)) items.push({ id, ...value })
  }
  return items.sort(byOrder)
}

export function readCard(id: string, map: Y.Map<unknown>): BoardCard {
  const get = (f: CardValueField) => map.get(f)
  const ok = (f: CardValueField) => cardFieldProblem(f, get(f), id) === null
  return {
    id,
    title: str(get('title')),
    description: str(get('description')),
    assigneeId: ok('assigneeId') ? (get('assigneeId') as string | null) : null,
    delegatedOrgId: ok('delegatedOrgId') ? (get('delegatedOrgId') as string | null) : null,
    due: ok('due') ? (get('due') as string | null) : null,
    labels: ok('labels') ? [...(get('labels') as string[])] : [],
    progress: ok('progress') ? (get('progress') as number) : 0,
    place: ok('place') ? { ...(get('place') as CardPlace) } : { columnId: '', order: 'V' },
    archived: get('archived') === true,
    createdAt: ok('createdAt') ? (get('createdAt') as number) : 0,
    createdBy: str(get('createdBy')),
    checklist: readChecklist(map.get(CARD_CHECKLIST)),
  }
}

export function readColumns(doc: Y.Doc, opts: { archived?: boolean } = {}): BoardColumn[] {
  const out: BoardColumn[] = []
  for (const [id, map] of columnsOf(doc).entries()) {
    if (!(map instanceof Y.Map) || !isUuid(id)) continue
    const column = readColumn(id, map)
    if (opts.archived || !column.archived) out.push(column)
  }
  return out.sort(byOrder)
}

export function readCards(doc: Y.Doc, opts: { archived?: boolean } = {}): BoardCard[] {
  const out: BoardCard[] = []
  for (const [id, map] of cardsOf(doc).entries()) {
    if (!(map instanceof Y.Map) || !isUuid(id)) continue
    const card = readCard(id, map)
    if (opts.archived || !card.archived) out.push(card)
  }
  return out
}

export interface BoardView {
  columns: Array<BoardColumn & { cards: BoardCard[] }>
}

/**
 * Columns in order with their cards in order. A card whose column is missing or archived shows in
 * the first column, so no card is ever unreachable.
 */
export function readBoard(doc: Y.Doc): BoardView {
  const columns = readColumns(doc).map((c) => ({ ...c, cards: [] as BoardCard[] }))
  const byId = new Map(columns.map((c) => [c.id, c]))
  for (const card of readCards(doc)) {
    const column = byId.get(card.place.columnId) ?? columns[0]
    column?.cards.push(card)
  }
  for (const column of columns) column.cards.sort((a, b) => byOrder(orderOf(a), orderOf(b)))
  return { columns }
}

const orderOf = (card: BoardCard) => ({ id: card.id, order: card.place.order })

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

/** Columns a new board starts with. */
export function seedColumns(doc: Y.Doc, titles: readonly string[]): BoardColumn[] {
  return doc.transact(() => titles.map((title) => addColumn(doc, { title })))
}
