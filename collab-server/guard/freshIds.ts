import * as Y from 'yjs'

/**
 * Ids of new items must be fresh. Clients choose the ids of what they create (a message, a case
 * checklist item), and readers find an item by its id (the client's hide and edit, the
 * projection's upsert, search, history): an id reused from another item, or given twice in one
 * update, lets one person's item stand in for another's. Every kind whose items are found by an
 * id field the client writes calls this with the ids its update creates; kinds keyed by a Y.Map
 * key (board columns and cards) refuse an existing key in their own rules instead.
 *
 * `existing` is read lazily, only when the update creates anything.
 */
export function reusedId(created: readonly unknown[], existing: () => Iterable<unknown>): string | null {
  if (created.length === 0) return null
  if (new Set(created).size !== created.length) return 'an update cannot create two items with one id'
  const taken = new Set(existing())
  return created.some((id) => taken.has(id)) ? 'that id is already used' : null
}

/** The `id` field of every map in an array (messages, case checklist items). */
export function* idsOfMaps(array: Iterable<unknown>): Generator<unknown> {
  for (const item of array) if (item instanceof Y.Map) yield (item as Y.Map<unknown>).get('id')
}
