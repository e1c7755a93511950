import * as Y from 'yjs'

/**
 * Turns a decoded update into a list of changes with resolved paths, against the document as it
 * is now: which root type, which map key, which container item each inserted item lands in, and
 * which existing item each deletion removes. Kind rules (threadRules.ts) judge the result.
 *
 * Already-known structs are skipped (Yjs would ignore them too). Anything Yjs would park as
 * "pending" (a gap in a client's clock, a reference to an item nobody has) is refused: a
 * correct client never sends it, and a pending struct could not be judged.
 */

/** Where an item sits. `container` is the item holding the nested type (e.g. a message map). */
export type Path =
  | { at: 'root'; root: string; key: string | null }
  | { at: 'nested'; container: ContainerRef; key: string | null }

export type ContainerRef =
  | { source: 'doc'; item: Y.Item; path: Path }
  | { source: 'update'; item: Y.Item; path: Path }

export interface Insertion {
  item: Y.Item
  path: Path
}

export interface Deletion {
  item: Y.Item
  path: Path
}

export type Inspection =
  | { ok: true; inserts: Insertion[]; deletes: Deletion[] }
  | { ok: false; reason: string }

class Refusal extends Error {}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): Inspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return { ok: false, reason: 'update cannot be decoded' }
  }
  try {
    return inspectDecoded(doc, decoded.structs, decoded.ds)
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message }
    throw error
  }
}

function inspectDecoded(
  doc: Y.Doc,
  structs: Array<Y.Item | Y.GC | Y.Skip>,
  ds: ReturnType<typeof Y.decodeUpdate>['ds'],
): Inspection {
  const store = doc.store
  const updateItems = new Map<number, Y.Item[]>()
  const newItems: Y.Item[] = []
  const nextClock = new Map<number, number>()

  for (const struct of structs) {
    const { client, clock } = struct.id
    const known = Y.getState(store, client)
    const expected = nextClock.get(client) ?? known
    if (struct instanceof Y.Skip) throw new Refusal('update skips part of a client history')
    if (clock > expected && clock > known)
      throw new Refusal('update depends on changes the server does not have')
    nextClock.set(client, Math.max(expected, clock + struct.length))
    if (!(struct instanceof Y.Item)) continue // GC: a tombstone, changes nothing visible
    const list = updateItems.get(client) ?? []
    updateItems.set(client, list)
    list.push(struct)
    if (clock + struct.length > known) newItems.push(struct)
  }

  const paths = new Map<Y.Item, Path>()

  const findUpdateItem = (id: Y.ID): Y.Item | undefined =>
    updateItems.get(id.client)?.find((it) => id.clock >= it.id.clock && id.clock < it.id.clock + it.length)

  const findDocItem = (id: Y.ID): Y.Item | undefined => {
    const list = store.clients.get(id.client)
    if (!list || id.clock >= Y.getState(store, id.client)) return undefined
    const struct = list[Y.findIndexSS(list, id.clock)]
    if (struct instanceof Y.Item) return struct
    throw new Refusal('update refers to garbage-collected content')
  }

  const docPath = (item: Y.Item): Path => {
    const parent = item.parent
    if (!(parent instanceof Y.AbstractType)) throw new Refusal('update refers to an item without a parent')
    if (parent._item === null) return { at: 'root', root: Y.findRootTypeKey(parent), key: item.parentSub }
    return {
      at: 'nested',
      container: { source: 'doc', item: parent._item, path: docPath(parent._item) },
      key: item.parentSub,
    }
  }

  const updatePath = (item: Y.Item, depth: number): Path => {
    const cached = paths.get(item)
    if (cached) return cached
    if (depth > 64) throw new Refusal('update nests too deeply')
    let path: Path
    const parent = item.parent as unknown
    if (typeof parent === 'string') {
      path = { at: 'root', root: parent, key: item.parentSub }
    } else if (parent instanceof Y.ID) {
      path = { at: 'nested', container: containerOf(parent, depth), key: item.parentSub }
    } else {
      const anchor = item.origin ?? item.rightOrigin
      if (!anchor) throw new Refusal('update contains an item without a position')
      path = pathOfId(anchor, depth)
    }
    paths.set(item, path)
    return path
  }

  const pathOfId = (id: Y.ID, depth: number): Path => {
    const inDoc = findDocItem(id)
    if (inDoc) return docPath(inDoc)
    const inUpdate = findUpdateItem(id)
    if (inUpdate) return updatePath(inUpdate, depth + 1)
    throw new Refusal('update refers to an item the server does not have')
  }

  const containerOf = (id: Y.ID, depth: number): ContainerRef => {
    const inDoc = findDocItem(id)
    if (inDoc) return { source: 'doc', item: inDoc, path: docPath(inDoc) }
    const inUpdate = findUpdateItem(id)
    if (inUpdate) return { source: 'update', item: inUpdate, path: updatePath(inUpdate, depth + 1) }
    throw new Refusal('update refers to a container the server does not have')
  }

  const inserts = newItems.map((item) => ({ item, path: updatePath(item, 0) }))

  const deletes: Deletion[] = []
  for (const [client, ranges] of ds.clients) {
    const list = store.clients.get(client) ?? []
    const known = Y.getState(store, client)
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (end > known) {
        // Deleting something this same update inserts is fine; anything else is unknown.
        const covered = nextClock.get(client) ?? known
        if (end > covered) throw new Refusal('update deletes content the server does not have')
      }
      if (clock >= known) continue
      for (let i = Y.findIndexSS(list, clock); i < list.length; i++) {
        const struct = list[i]!
        if (struct.id.clock >= end) break
        if (!(struct instanceof Y.Item) || struct.deleted) continue
        deletes.push({ item: struct, path: docPath(struct) })
      }
    }
  }
  return { ok: true, inserts, deletes }
}
