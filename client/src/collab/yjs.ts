import { type Accessor, createComputed, createSignal, onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/**
 * Yjs → Solid. Each helper follows a source accessor (so it survives the document being
 * replaced after a refused update), observes deeply, and reconciles into a store: only the
 * fields that changed notify, so editing one message re-renders one message.
 */

/**
 * The items of a Y.Array as a Solid store array, read through `read` (e.g. schema's
 * `readMessage`). Items that `read` rejects (undefined) are skipped. Reconciled by `key`.
 */
export function createYArray<T extends object, I = unknown>(
  source: Accessor<Y.Array<I> | undefined>,
  read: (item: I) => T | undefined,
  options: { key?: string } = {},
): readonly T[] {
  const [items, setItems] = createStore<T[]>([])
  createComputed(() => {
    const array = source()
    if (!array) {
      setItems(reconcile([]))
      return
    }
    const sync = () => {
      const next: T[] = []
      for (const item of array) {
        const value = read(item)
        if (value !== undefined) next.push(value)
      }
      setItems(reconcile(next, { key: options.key ?? 'id' }))
    }
    sync()
    array.observeDeep(sync)
    onCleanup(() => array.unobserveDeep(sync))
  })
  return items
}

/** A Y.Map read into a plain object (e.g. schema's `readThreadMeta`) as a Solid store. */
export function createYMap<T extends object, V = unknown>(
  source: Accessor<Y.Map<V> | undefined>,
  read: (map: Y.Map<V>) => T,
  initial: T,
): T {
  const [value, setValue] = createStore<T>(structuredClone(initial))
  createComputed(() => {
    const map = source()
    if (!map) {
      setValue(reconcile(structuredClone(initial)))
      return
    }
    const sync = () => setValue(reconcile(read(map)))
    sync()
    map.observeDeep(sync)
    onCleanup(() => map.unobserveDeep(sync))
  })
  return value
}

/** One other connection on the document, as the server vouched for it. */
export interface Peer {
  clientId: number
  user: { id: string; name: string }
  state: Record<string, unknown>
}

/**
 * The awareness states of everyone else on the document. The server writes `user` into every
 * state it relays (collab-server/extensions/presence.ts), so it cannot be forged by a peer;
 * states without it (not yet relayed) are left out.
 */
export function createPeers(source: Accessor<Awareness | null | undefined>): Accessor<readonly Peer[]> {
  const [peers, setPeers] = createSignal<readonly Peer[]>([])
  createComputed(() => {
    const awareness = source()
    if (!awareness) {
      setPeers([])
      return
    }
    const sync = () => {
      const next: Peer[] = []
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue
        const user = (state as { user?: { id?: unknown; name?: unknown } }).user
        if (typeof user?.id !== 'string') continue
        next.push({
          clientId,
          user: { id: user.id, name: typeof user.name === 'string' ? user.name : '' },
          state: state as Record<string, unknown>,
        })
      }
      setPeers(next)
    }
    sync()
    awareness.on('change', sync)
    onCleanup(() => awareness.off('change', sync))
  })
  return peers
}
