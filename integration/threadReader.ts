import { WINDOW_STEP } from '../client/src/chat/window.ts'
import type { ThreadArchivePage } from '../schema/api/threads.ts'

/**
 * Reads a whole thread the way the thread view does (client/src/chat/timeline.ts): the live
 * document's messages, then archive pages of WINDOW_STEP, each asked `before` the oldest message
 * known so far, new ones kept, until a page says there are no more or brings nothing new.
 * Returns the ids in reading order and how often each id came back (live + every page, raw), so
 * a test can require every acknowledged message exactly once.
 */
export async function readWholeThread(
  liveIds: readonly string[],
  fetchPage: (before: string | undefined, limit: number) => Promise<ThreadArchivePage>,
): Promise<{ ids: string[]; seen: Map<string, number>; pages: number }> {
  const seen = new Map<string, number>()
  for (const id of liveIds) seen.set(id, (seen.get(id) ?? 0) + 1)
  let archived: string[] = []
  let pages = 0
  for (;;) {
    const page = await fetchPage([...archived, ...liveIds][0], WINDOW_STEP)
    pages++
    const known = new Set([...archived, ...liveIds])
    for (const m of page.messages) seen.set(m.id, (seen.get(m.id) ?? 0) + 1)
    const fresh = page.messages.map((m) => m.id).filter((id) => !known.has(id))
    archived = [...fresh, ...archived]
    if (!(page.more && fresh.length > 0)) break
  }
  return { ids: [...archived, ...liveIds], seen, pages }
}

/** The acknowledged ids missing from a read, and the ones that came back more than once. */
export function readProblems(acked: Iterable<string>, read: { seen: Map<string, number> }) {
  const missing = [...acked].filter((id) => !read.seen.has(id))
  const repeated = [...read.seen].filter(([, n]) => n > 1).map(([id]) => id)
  return { missing, repeated }
}
