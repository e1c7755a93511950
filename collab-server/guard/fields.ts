import * as Y from 'yjs'
import type { Path } from './inspect.ts'

// What the rule files of the guard (boardRules, caseRules, threadRules) share: how an inserted
// item is read, which field slot a change lands in, and the bookkeeping of the fields one update
// writes. One place, so a fix to the guard is made once.

/** A rule's answer: null when the change is allowed, otherwise why not. */
export type Verdict = string | null

/** What an inserted item holds, in the terms the rules judge it by. */
export type Content =
  /** One plain value: what a map field holds. */
  | { kind: 'value'; value: unknown }
  /** A run of plain values (zero or several): only arrays hold these. */
  | { kind: 'values'; values: unknown[] }
  | { kind: 'string'; length: number }
  /** A tombstone: an item that arrives already deleted. */
  | { kind: 'removed' }
  | { kind: 'type'; type: unknown }
  | { kind: 'other' }

export function contentOf(item: Y.Item): Content {
  const c = item.content
  if (c instanceof Y.ContentDeleted) return { kind: 'removed' }
  if (c instanceof Y.ContentAny)
    return c.arr.length === 1 ? { kind: 'value', value: c.arr[0] } : { kind: 'values', values: c.arr }
  if (c instanceof Y.ContentString) return { kind: 'string', length: c.str.length }
  if (c instanceof Y.ContentType) return { kind: 'type', type: c.type }
  return { kind: 'other' }
}

/** The item holds a nested map (a card, a column, a message, a checklist item). */
export const isMapContent = (c: Content): boolean => c.kind === 'type' && c.type instanceof Y.Map

/** The slot a change lands in: one key of one map (a root map or a nested one). */
export function slotOf(path: Path): string {
  if (path.at === 'root') return `root:${path.root}:${path.key ?? ''}`
  const { id } = path.container.item
  return `item:${id.client}:${id.clock}:${path.key ?? ''}`
}

/**
 * Field bookkeeping over one update. `written`: the slots it writes a value into, because a field
 * is only ever removed by writing a new value over it (the deletion of the old value is then
 * allowed). `created`: the fields it gives each map it creates, because a new map needs its
 * required fields.
 */
export interface UpdateFields {
  readonly written: Set<string>
  readonly created: Map<Y.Item, Set<string>>
}

export const updateFields = (): UpdateFields => ({ written: new Set(), created: new Map() })

/** The first map created by the update that lacks a required field, as a verdict. */
export function missingField(
  created: UpdateFields['created'],
  required: readonly string[],
  what: string,
): Verdict {
  for (const fields of created.values()) {
    const missing = required.find((f) => !fields.has(f))
    if (missing) return `a new ${what} needs ${missing}`
  }
  return null
}
