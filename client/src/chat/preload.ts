import type { RoutePreloadFuncArgs } from '@solidjs/router'
import { docName, isUuid } from '../../../schema/docs/names.ts'
import { getChannels, getThreadPeople } from './data.ts'

/** How long a preloaded channel stays open if the page never takes it over. */
const HOLD_MS = 10_000

/**
 * The chat route's preload: it runs as navigation starts (and on hovering a link), before the
 * shell has the signed-in user, so the channel list and the channel's document are on their way
 * at once instead of after `/api/me` and the page's first render (bench:threads). A hovered
 * link only fetches the list. The page
 * acquires the same document (ref-counted) when it mounts; this hold lapses on its own.
 */
export function preloadChat({ params, intent }: RoutePreloadFuncArgs): void {
  const { orgId, threadId } = params
  if (!orgId || !isUuid(orgId)) return
  getChannels(orgId).catch(() => undefined)
  if (!threadId || !isUuid(threadId)) return
  // The thread view suspends on its authors' names: have them on their way too.
  getThreadPeople(threadId).catch(() => undefined)
  // Not for a hovered link: only a navigation opens a document.
  if (intent === 'preload') return
  // Loaded, not imported: this module is in the first page's script, Yjs is not (main.tsx).
  void import('../collab/docs.ts')
    .then(({ acquireDoc }) => {
      const held = acquireDoc(docName('thread', orgId, threadId))
      setTimeout(held.release, HOLD_MS)
    })
    .catch(() => undefined)
}
