import type { Signal } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'

/**
 * `createResource(fetch, { storage: keptRows })`: each fetch is reconciled into the previous
 * answer by `id` instead of replacing it, so a list refetched while someone works in it (a poll
 * every few seconds, a refresh after an action) keeps its rows' DOM: the button a keyboard user
 * has focused stays the same element and their Enter still reaches it. A plain resource gave new
 * objects on every fetch, `For` rebuilt every row, and the focus fell to the page.
 */
export function keptRows<T>(value: T | undefined): Signal<T | undefined> {
  const [store, setStore] = createStore<{ value: T | undefined }>({ value })
  return [
    () => store.value,
    (next: unknown) => {
      const resolved =
        typeof next === 'function' ? (next as (prev: T | undefined) => T)(unwrap(store).value) : next
      setStore('value', reconcile(resolved as T | undefined, { key: 'id' }))
      return store.value
    },
  ] as Signal<T | undefined>
}
