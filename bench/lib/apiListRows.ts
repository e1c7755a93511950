import { sql } from 'kysely'
import { client } from '../../api/test/http.ts'
import { reindex } from '../../indexer/reindex.ts'
import { SESSION_COOKIE } from '../../server/auth/sessions.ts'
import type { BenchApp } from './apiWorld.ts'

const BOOKINGS = 20
const TASKS = 20
const EVENTS = 10
const SUPPLIER_INVOICES = 20

/**
 * Rows for the lists of `bench:api` that the rest of its world leaves empty (session 15: before,
 * my bookings, my tasks, events, supplier invoices, finance overdue and search answered an empty
 * list, and were measured as such): the board member's bookings and assigned tasks, events, the
 * cooperative's supplier invoices, and the search index (built from the tables as `npm run
 * reindex` does; the bench runs no indexer).
 */
export async function listRows(
  t: BenchApp,
  w: { orgId: string; board: { id: string }; manager: { token: string }; resourceId: string },
) {
  const db = t.deps.db
  await sql`
    INSERT INTO bookings (org_id, resource_id, apartment_id, booked_by, during)
    SELECT ${w.orgId}::uuid, ${w.resourceId}::uuid, NULL, ${w.board.id}::uuid,
      tstzrange(date_trunc('hour', now()) + k * interval '1 day' + interval '2 hours',
        date_trunc('hour', now()) + k * interval '1 day' + interval '3 hours')
    FROM generate_series(1, ${BOOKINGS}::int) AS k`.execute(db)
  const board = await db
    .insertInto('boards')
    .values({ org_id: w.orgId, title: 'Hallituksen tehtävät' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`
    INSERT INTO tasks (org_id, board_id, card_id, title, assignee_id, due)
    SELECT ${w.orgId}::uuid, ${board.id}::uuid, gen_random_uuid(), 'Tarjouspyyntö ' || n, ${w.board.id}::uuid,
      current_date + n
    FROM generate_series(1, ${TASKS}::int) AS n`.execute(db)
  await sql`
    INSERT INTO finance_supplier_invoices (org_id, external_id, supplier_name, category, amount_cents, issued_on, due_date)
    SELECT ${w.orgId}::uuid, 'S-' || n, 'Putkityö Oy', 'repairs', 10000 * n, current_date - n, current_date + 14 - n
    FROM generate_series(1, ${SUPPLIER_INVOICES}::int) AS n`.execute(db)
  const staff = client(t.app, w.manager.token)
  for (let k = 1; k <= EVENTS; k++) {
    const at = (hours: number) => new Date(Date.now() + (k * 24 + hours) * 3600_000).toISOString()
    const res = await staff.post(`/api/events/org/${w.orgId}`, {
      title: `Talkoot ${k}`,
      startsAt: at(0),
      endsAt: at(2),
      audience: { segments: [{}] },
    })
    if (res.status !== 201) throw new Error(`event: ${res.status} ${await res.text()}`)
  }
  await reindex({ db, config: t.deps.config })
}

/**
 * Every list answers 200 with rows before it is loaded: a list that came back empty or refused
 * would look fast for the wrong reason. `list` names the array of the answer that holds its rows.
 */
export async function assertLists(
  app: BenchApp['app'],
  lists: ReadonlyArray<readonly [name: string, path: string, token: string | undefined, list?: string]>,
) {
  for (const [name, path, token, list] of lists) {
    const headers: Record<string, string> = token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}
    const res = await app.request(`http://localhost:3000${path}`, { headers })
    if (res.status !== 200) throw new Error(`${name}: status ${res.status}`)
    if (!list) continue
    const rows = ((await res.json()) as Record<string, unknown>)[list]
    if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${name}: no rows in "${list}"`)
  }
}
