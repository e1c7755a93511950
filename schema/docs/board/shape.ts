import { isUuid } from '../names.ts'
import { isOrderKey } from '../order.ts'

// The board document's roots, fields and limits, and the field checks shared by the writers
// and the write guard. The shape itself is described in schema/docs/board.ts.

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
