import * as Y from 'yjs'
import { isUuid } from '../names.ts'
import { byOrder, isOrderKey } from '../order.ts'
import {
  BOARD_CARDS,
  BOARD_COLUMNS,
  type BoardCard,
  type BoardColumn,
  CARD_CHECKLIST,
  type CardPlace,
  type CardValueField,
  type ChecklistItem,
  cardFieldProblem,
  isChecklistValue,
} from './shape.ts'

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
