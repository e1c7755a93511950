import type { DB } from '../../server/db/connect.ts'

/**
 * "Is any of these new message ids an archived (or any stored) message's already?" for the write
 * guard, grouped like the update log's commits: questions that arrive while one lookup is in
 * flight are answered together by the next single query.
 *
 * Why: every update that creates a message asked on its own, one query per post. On PGlite's one
 * connection that was the largest holder under a busy channel (5,000 lookups, 47 s of 60 held,
 * bench:busy, issue 21), and every other query (health checks, the acks' appends) queued behind
 * them. One query per batch answers each question exactly as its own query would: the batch's
 * query starts after the question was asked.
 */
export interface UsedIds {
  /** Whether any of `ids` is already a message of the thread. */
  anyUsed(threadId: string, ids: readonly string[]): Promise<boolean>
}

interface Question {
  threadId: string
  ids: readonly string[]
  resolve: (used: boolean) => void
  reject: (error: unknown) => void
}

/** Ids per statement (bounded parameters; an offline client's sync can carry many messages). */
const CHUNK = 1000

export function createUsedIds(db: DB): UsedIds {
  let queue: Question[] = []
  let asking = false

  async function lookUp(batch: Question[]): Promise<Set<string>> {
    const used = new Set<string>()
    const byThread = new Map<string, Set<string>>()
    for (const q of batch) {
      const ids = byThread.get(q.threadId) ?? new Set<string>()
      for (const id of q.ids) ids.add(id)
      byThread.set(q.threadId, ids)
    }
    for (const [threadId, idSet] of byThread) {
      const ids = [...idSet]
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('messages')
          .select('id')
          .where('thread_id', '=', threadId)
          .where('id', 'in', ids.slice(i, i + CHUNK))
          .execute()
        for (const row of rows) used.add(`${threadId}/${row.id}`)
      }
    }
    return used
  }

  async function askAll(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue
      queue = []
      try {
        const used = await lookUp(batch)
        for (const q of batch) q.resolve(q.ids.some((id) => used.has(`${q.threadId}/${id}`)))
      } catch (error) {
        for (const q of batch) q.reject(error)
      }
    }
  }

  function kick(): void {
    if (asking) return
    asking = true
    void askAll().finally(() => {
      asking = false
      // Asked between the last batch and here.
      if (queue.length > 0) kick()
    })
  }

  return {
    anyUsed(threadId, ids) {
      if (ids.length === 0) return Promise.resolve(false)
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ threadId, ids, resolve, reject })
        kick()
      })
    },
  }
}
