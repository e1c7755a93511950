/**
 * Saves a value that the user keeps changing (a slider moved with the arrow keys sends a change
 * per key press) one request at a time, always ending with the newest value.
 *
 * Concurrent requests are not applied in the order they were sent: each waits for a session
 * lookup and the database connection, and whichever commits last wins. A contractor pressing
 * Arrow right ten times ended with 45 % or 20 % on the board instead of 50 % (seen with PGlite in
 * its own thread, where queued requests no longer ran strictly in arrival order; a Postgres pool
 * reorders them too). So at most one request is in flight; values chosen meanwhile replace each
 * other and only the newest is sent when it ends.
 *
 * `save(value)` resolves with the answer to the request that carried the newest value, or
 * `undefined` when a newer value superseded it (its answer would be stale: the caller must not
 * show it). A failed request rejects only the calls it answers.
 */
export function latestWins<T, R>(send: (value: T) => Promise<R>): (value: T) => Promise<R | undefined> {
  type Waiter = { resolve: (r: R | undefined) => void; reject: (e: unknown) => void }
  let queued: { value: T; waiters: Waiter[] } | null = null
  let sending = false

  async function drain(): Promise<void> {
    sending = true
    while (queued) {
      const { value, waiters } = queued
      queued = null
      try {
        const answer = await send(value)
        // A newer value arrived while this one was in flight: its request will answer.
        for (const w of waiters) w.resolve(queued ? undefined : answer)
      } catch (error) {
        for (const w of waiters) w.reject(error)
      }
    }
    sending = false
  }

  return (value) =>
    new Promise<R | undefined>((resolve, reject) => {
      for (const w of queued?.waiters ?? []) w.resolve(undefined)
      queued = { value, waiters: [{ resolve, reject }] }
      if (!sending) void drain()
    })
}
