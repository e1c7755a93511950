/**
 * How long each unit of work holds PGlite's one connection (issue 21): a transaction from BEGIN to
 * COMMIT/ROLLBACK, a statement outside one from send to answer. PGlite has one connection, so
 * every other query (`/api/health` included) waits for the current holder; these figures say who
 * holds it and for how long. Grouped by what the work is (`kindOf`: the first statement's verb
 * and table, which tells a group-commit append from a compaction, an archive round or an outbox
 * claim). Always on: one `performance.now()` pair per unit, a map of a dozen entries.
 */
export interface HoldKind {
  kind: string
  count: number
  totalMs: number
  maxMs: number
  /** Statements per unit at the longest hold. */
  statementsAtMax: number
  /**
   * Of all holds, the time inside statements (the database working, or the request in transit);
   * the rest is the holder's own JavaScript between statements (a transaction's callback) or the
   * event loop busy with other work before the callback resumes.
   */
  inStatementsMs: number
  /** Holds at or over 100 ms / 500 ms. */
  over100: number
  over500: number
}

const kinds = new Map<string, HoldKind>()

/** `insert into "collab_updates"` → `insert collab_updates`; a transaction is prefixed `tx`. */
export function kindOf(firstSql: string | undefined, inTransaction: boolean): string {
  const sql = (firstSql ?? '').trim().toLowerCase()
  const verb = sql.split(/\s+/)[0] ?? '?'
  const table = /(?:from|into|update|table)\s+"?([a-z_]+)"?/.exec(sql)?.[1] ?? ''
  return `${inTransaction ? 'tx ' : ''}${verb} ${table}`.trim()
}

export function recordHold(kind: string, ms: number, statements: number, inStatementsMs = ms): void {
  let k = kinds.get(kind)
  if (!k) {
    k = {
      kind,
      count: 0,
      totalMs: 0,
      maxMs: 0,
      statementsAtMax: 0,
      inStatementsMs: 0,
      over100: 0,
      over500: 0,
    }
    kinds.set(kind, k)
  }
  k.count++
  k.totalMs += ms
  k.inStatementsMs += inStatementsMs
  if (ms >= 100) k.over100++
  if (ms >= 500) k.over500++
  if (ms > k.maxMs) {
    k.maxMs = ms
    k.statementsAtMax = statements
  }
}

/** The holds so far, longest total first. */
export function connectionHolds(): HoldKind[] {
  return [...kinds.values()].sort((a, b) => b.totalMs - a.totalMs)
}

export function resetConnectionHolds(): void {
  kinds.clear()
}
