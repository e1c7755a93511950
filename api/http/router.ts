import type { Result, Router } from 'hono/router'
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { SmartRouter } from 'hono/router/smart-router'
import { TrieRouter } from 'hono/router/trie-router'

const REMEMBERED = 1000
const LONGEST = 256

/**
 * Hono's default router (the regular-expression router where every route allows it, else the
 * trie) with its answers for recent paths kept. Our ~900 routes fall back to the trie (routes of
 * one prefix name their parameter differently, e.g. `/tasks/:cardId` beside `/tasks/:taskId/…`),
 * whose search per request showed in issue 19's profile; most requests ask the same few paths
 * (`/api/me`, a list) again and again. Routes are fixed once the first request is matched (Hono
 * refuses later ones), and Hono only reads a match, so an answer can be reused for the same
 * method and path. Bounded: at most 1,000 paths of at most 256 characters, forgotten all at once
 * when full (a path is anyone's to choose).
 */
export function rememberingRouter<T>(): Router<T> {
  const inner = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] })
  const known = new Map<string, Result<T>>()
  return {
    get name() {
      return `${inner.name}, remembered`
    },
    add: (method, path, handler) => inner.add(method, path, handler),
    match(method, path) {
      if (path.length > LONGEST) return inner.match(method, path)
      const key = `${method} ${path}`
      let result = known.get(key)
      if (result === undefined) {
        result = inner.match(method, path)
        if (known.size >= REMEMBERED) known.clear()
        known.set(key, result)
      }
      return result
    },
  }
}
