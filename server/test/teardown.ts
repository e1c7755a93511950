import postgres from 'postgres'

/**
 * Waits up to 30 s for a teardown step; one that does not end is reported on stderr by name. With
 * `databaseUrl` (a step that closes or uses a Postgres database) the report also lists what that
 * database is doing at that moment (`databaseActivity`): the stalls seen so far (a pool's `end()`
 * waiting on an in-flight query) then name their query instead of only their step.
 */
export async function teardownStep(
  name: string,
  work: Promise<void> | undefined,
  opts: { databaseUrl?: string | undefined; seconds?: number } = {},
): Promise<void> {
  const seconds = opts.seconds ?? 30
  if (!(await bounded(work, seconds * 1000))) return
  const activity = opts.databaseUrl ? `\n${await databaseActivity(opts.databaseUrl)}` : ''
  console.error(`[test teardown] ${name} did not end in ${seconds} s; left behind${activity}`)
}

/** True when `work` has not settled within `ms` (its result or failure is the caller's concern). */
async function bounded(work: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), ms)
  })
  try {
    return (await Promise.race([work, stalled])) === 'stalled'
  } finally {
    clearTimeout(timer)
  }
}

interface Activity {
  pid: number
  application_name: string
  state: string | null
  wait_event_type: string | null
  wait_event: string | null
  seconds: number | null
  query: string
}

/**
 * Every other session of the URL's database from `pg_stat_activity`, one line each: pid,
 * application, state, what it waits on, how long its statement (or transaction, when idle in
 * one) has run, and the statement's first 300 characters. Read on a connection of its own, bounded
 * by a 5 s statement timeout and 10 s in all, so a stalled server cannot stall the report too.
 */
export async function databaseActivity(url: string): Promise<string> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { statement_timeout: 5_000, application_name: 'kotipiha-teardown-report' },
  })
  const read = (async () => {
    const rows = await sql<Activity[]>`
      SELECT pid, application_name, state, wait_event_type, wait_event,
             round(extract(epoch FROM now() - coalesce(query_start, xact_start)))::int AS seconds,
             left(query, 300) AS query
      FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
      ORDER BY query_start NULLS LAST`
    return formatActivity(rows)
  })().catch((error: unknown) => `  (pg_stat_activity: ${String(error)})`)
  let timer: NodeJS.Timeout | undefined
  const silent = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('  (pg_stat_activity: no answer in 10 s)'), 10_000)
  })
  try {
    return await Promise.race([read, silent])
  } finally {
    clearTimeout(timer)
    void sql.end({ timeout: 1 }).catch(() => {})
  }
}

function formatActivity(rows: readonly Activity[]): string {
  if (rows.length === 0) return '  pg_stat_activity: no other session on this database'
  const lines = rows.map((r) => {
    const wait = r.wait_event ? ` waiting on ${r.wait_event_type}/${r.wait_event}` : ''
    const age = r.seconds === null ? '' : ` for ${r.seconds} s`
    const query = r.query.replace(/\s+/g, ' ').trim()
    return `  pid ${r.pid} ${r.application_name || '-'} ${r.state ?? 'unknown'}${wait}${age}: ${query}`
  })
  return [`  pg_stat_activity (${rows.length} other sessions):`, ...lines].join('\n')
}
