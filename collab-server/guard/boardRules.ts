import * as Y from 'yjs'
import {
  BOARD_CARDS,
  BOARD_COLUMNS,
  CARD_CHECKLIST,
  CARD_REQUIRED,
  CARD_VALUE_FIELDS,
  type CardValueField,
  COLUMN_FIELDS,
  type ColumnField,
  cardFieldProblem,
  columnFieldProblem,
  isChecklistValue,
} from '../../schema/docs/board.ts'
import { isUuid } from '../../schema/docs/names.ts'
import { contentOf, isMapContent, slotOf, type Verdict } from './fields.ts'
import type { ContainerRef, Deletion, Insertion, Path } from './inspect.ts'
import type { GuardPrincipal, KindRules } from './rules.ts'

/**
 * The board document's write rules (shape in schema/docs/board.ts). Only connections with write
 * access reach the guard (readers' connections are read-only), and the board's writers may edit
 * everything *within the shape*:
 * - columns and cards are created as maps under a fresh UUID key, with valid fields, and are
 *   never removed or replaced (they are archived); a new card is created by its sender;
 * - fields hold valid values; id, createdAt and createdBy never change; a field is only removed
 *   by writing a new value over it;
 * - checklist items are valid { text, done, order } values and may be removed;
 * - nothing is written anywhere else.
 *
 * A tombstone (an item that arrives already deleted, e.g. a field set twice while offline) is
 * fine as long as a live value lands to its right in the same update; otherwise it would hide the
 * current value without a deletion, so it is judged like one.
 */
/** What a path points at, in board terms. */
type Target =
  | { at: 'column'; columnId: string; exists: boolean }
  | { at: 'card'; cardId: string; exists: boolean }
  | { at: 'columnField'; columnId: string; field: ColumnField; container: ContainerRef }
  | { at: 'cardField'; cardId: string; field: CardValueField; container: ContainerRef }
  | { at: 'checklist'; cardId: string; container: ContainerRef }
  | { at: 'checklistItem'; cardId: string; itemId: string }
  | { at: 'outside' }

const OUTSIDE: Target = { at: 'outside' }

/** The key under which a container map sits at the root `root`, if it does. */
function rootKeyOf(ref: ContainerRef, root: string): string | null {
  const p = ref.path
  if (p.at !== 'root' || p.root !== root || p.key === null || !isUuid(p.key)) return null
  return ref.item.content instanceof Y.ContentType && ref.item.content.type instanceof Y.Map ? p.key : null
}

function targetOf(doc: Y.Doc, path: Path): Target {
  if (path.at === 'root') {
    if (path.key === null || !isUuid(path.key)) return OUTSIDE
    if (path.root === BOARD_COLUMNS)
      return { at: 'column', columnId: path.key, exists: doc.getMap(BOARD_COLUMNS).has(path.key) }
    if (path.root === BOARD_CARDS)
      return { at: 'card', cardId: path.key, exists: doc.getMap(BOARD_CARDS).has(path.key) }
    return OUTSIDE
  }
  const { container, key } = path
  if (key === null) return OUTSIDE
  const columnId = rootKeyOf(container, BOARD_COLUMNS)
  if (columnId) {
    return (COLUMN_FIELDS as readonly string[]).includes(key)
      ? { at: 'columnField', columnId, field: key as ColumnField, container }
      : OUTSIDE
  }
  const cardId = rootKeyOf(container, BOARD_CARDS)
  if (cardId) {
    if (key === CARD_CHECKLIST) return { at: 'checklist', cardId, container }
    return (CARD_VALUE_FIELDS as readonly string[]).includes(key)
      ? { at: 'cardField', cardId, field: key as CardValueField, container }
      : OUTSIDE
  }
  // A checklist item: its container is the map under a card's `checklist` key.
  const holder = container.path
  if (holder.at === 'nested' && holder.key === CARD_CHECKLIST && isUuid(key)) {
    const owner = rootKeyOf(holder.container, BOARD_CARDS)
    if (
      owner &&
      container.item.content instanceof Y.ContentType &&
      container.item.content.type instanceof Y.Map
    )
      return { at: 'checklistItem', cardId: owner, itemId: key }
  }
  return OUTSIDE
}

const IMMUTABLE: readonly CardValueField[] = ['id', 'createdAt', 'createdBy']

function checkInsert(doc: Y.Doc, ins: Insertion, who: GuardPrincipal): Verdict {
  const target = targetOf(doc, ins.path)
  const content = contentOf(ins.item)
  if (target.at === 'outside') return 'outside the board shape'
  if (content.kind !== 'value' && content.kind !== 'removed' && !isMapContent(content))
    return 'board values are plain values or maps'
  if (content.kind === 'removed') return null // judged with its slot (see checkSlots)
  switch (target.at) {
    case 'column':
    case 'card':
      if (!isMapContent(content)) return `a ${target.at} is a map`
      return target.exists ? `a ${target.at} is archived, never replaced` : null
    case 'checklist': {
      if (!isMapContent(content)) return 'a checklist is a map'
      const fresh = target.container.source === 'update'
      const card = doc.getMap(BOARD_CARDS).get(target.cardId)
      const hasOne = card instanceof Y.Map && card.get(CARD_CHECKLIST) instanceof Y.Map
      return fresh || !hasOne ? null : 'a checklist is never replaced'
    }
    case 'checklistItem':
      return content.kind === 'value' && isChecklistValue(content.value)
        ? null
        : 'a checklist item is { text, done, order }'
    case 'columnField':
      if (content.kind !== 'value') return 'column fields are plain values'
      if (target.container.source === 'doc' && target.field === 'id') return 'id cannot change'
      return columnFieldProblem(target.field, content.value, target.columnId)
    case 'cardField': {
      if (content.kind !== 'value') return 'card fields are plain values'
      const fresh = target.container.source === 'update'
      if (!fresh && IMMUTABLE.includes(target.field)) return `${target.field} cannot change`
      if (fresh && target.field === 'createdBy' && content.value !== who.userId)
        return 'a card is created by its sender'
      return cardFieldProblem(target.field, content.value, target.cardId)
    }
  }
}

function checkDelete(doc: Y.Doc, del: Deletion, overwritten: Set<string>): Verdict {
  const target = targetOf(doc, del.path)
  switch (target.at) {
    case 'checklistItem':
      return null
    case 'columnField':
    case 'cardField':
      return overwritten.has(slotOf(del.path)) ? null : 'fields are replaced, never removed'
    case 'column':
    case 'card':
      return `a ${target.at} is archived, never removed`
    case 'checklist':
      return 'a checklist is never removed'
    default:
      return 'outside the board shape'
  }
}

/**
 * Per slot, every item of the update that nothing else of the update lands to the right of must
 * be live: a trailing tombstone would hide the slot's value (allowed only for checklist items).
 */
function checkSlots(doc: Y.Doc, inserts: Insertion[]): Verdict {
  const bySlot = new Map<string, Insertion[]>()
  for (const ins of inserts) {
    const slot = slotOf(ins.path)
    const list = bySlot.get(slot) ?? []
    list.push(ins)
    bySlot.set(slot, list)
  }
  for (const list of bySlot.values()) {
    const target = targetOf(doc, list[0]!.path)
    if (target.at === 'checklistItem') continue
    const lefts = new Set(
      list.map((i) => i.item.origin).flatMap((o) => (o ? [`${o.client}:${o.clock}`] : [])),
    )
    for (const ins of list) {
      const { client, clock } = ins.item.id
      const last = `${client}:${clock + ins.item.length - 1}`
      if (!lefts.has(last) && ins.item.content instanceof Y.ContentDeleted)
        return 'a value cannot be removed without a new one'
    }
  }
  return null
}

function checkNewContainers(doc: Y.Doc, inserts: Insertion[]): Verdict {
  const fields = new Map<Y.Item, { kind: 'column' | 'card'; set: Set<string> }>()
  for (const ins of inserts) {
    const target = targetOf(doc, ins.path)
    if ((target.at === 'column' || target.at === 'card') && ins.item.content instanceof Y.ContentType)
      fields.set(ins.item, { kind: target.at, set: new Set() })
  }
  for (const ins of inserts) {
    const path = ins.path
    if (path.at !== 'nested' || path.key === null) continue
    const entry = fields.get(path.container.item)
    if (entry && contentOf(ins.item).kind !== 'removed') entry.set.add(path.key)
  }
  for (const { kind, set } of fields.values()) {
    const required: readonly string[] = kind === 'card' ? CARD_REQUIRED : ['id', 'title', 'order']
    const missing = required.find((f) => !set.has(f))
    if (missing) return `a new ${kind} needs ${missing}`
  }
  return null
}

export const boardRules: KindRules = {
  check(doc, { inserts, deletes }, who) {
    const overwritten = new Set<string>()
    for (const ins of inserts) {
      const verdict = checkInsert(doc, ins, who)
      if (verdict) return verdict
      if (ins.item.content instanceof Y.ContentAny) overwritten.add(slotOf(ins.path))
    }
    for (const del of deletes) {
      const verdict = checkDelete(doc, del, overwritten)
      if (verdict) return verdict
    }
    return checkSlots(doc, inserts) ?? checkNewContainers(doc, inserts)
  },
}
