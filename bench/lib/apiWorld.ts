import { sql } from 'kysely'
import { createApi } from '../../api/app.ts'
import { createResource } from '../../api/bookings/testWorld.ts'
import type { AppDeps } from '../../api/http/context.ts'
import { createSessionCache } from '../../api/http/sessionCache.ts'
import { client } from '../../api/test/http.ts'
import { loadConfig } from '../../schema/config.ts'
import { connectDatabase, type Engine } from '../../server/db/connect.ts'
import { createMailer } from '../../server/mail/mailer.ts'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { listRows } from './apiListRows.ts'
import { scaledWorld } from './scaledWorld.ts'

/** The data and endpoints of `npm run bench:api` (bench/api.ts), shared by its load and CPU modes. */

/**
 * BENCH_WORLD=scaled: the bench's cooperative is one of the reports benchmark's scaled world
 * (bench/lib/scaledWorld.ts: BENCH_COOPS cooperatives of BENCH_APARTMENTS apartments, all run by
 * one management company), and the manager is a property manager of that company, so the work
 * queue spans every cooperative. Otherwise (demo) one cooperative of its own, its manager a
 * member of it.
 */
export const WORLD = process.env.BENCH_WORLD === 'scaled' ? 'scaled' : 'demo'

const CASES = 500
const MESSAGES = 2_000
const METERS = 40
const FOLDERS = 15
const NOTICES = 60

/** The cooperative the bench's data goes into, with a building and apartment, and its manager. */
async function benchPlace(db: BenchApp['deps']['db']) {
  if (WORLD === 'demo') {
    const place = await managedCooperative(db)
    return { ...place, manager: await member(db, place.coop.id, 'property_manager') }
  }
  const scaled = await scaledWorld(db)
  const coop = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name', 'status', 'managed_by'])
    .where('id', '=', scaled.coopIds[1] ?? scaled.coopIds[0]!)
    .executeTakeFirstOrThrow()
  const apartment = await db
    .selectFrom('apartments')
    .select(['id', 'building_id'])
    .where('org_id', '=', coop.id)
    .orderBy('number')
    .executeTakeFirstOrThrow()
  return {
    mgmt: scaled.mgmt,
    coop,
    buildingId: apartment.building_id,
    apartmentId: apartment.id,
    manager: await member(db, scaled.mgmt.id, 'property_manager'),
  }
}

/**
 * One cooperative with cases, an archived chat thread, a bookable sauna, a year of invoices and a
 * row in every list `endpoints` reads (apiListRows.ts); in the scaled world, beside its data.
 */
export async function world(t: BenchApp) {
  const db = t.deps.db
  const { manager, ...place } = await benchPlace(db)
  const orgId = place.coop.id
  const board = await member(db, orgId, 'board_member')
  // Numbered after the cases already there (the scaled world's 30 per cooperative).
  await sql`
    INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
    SELECT ${orgId}::uuid, n + (SELECT coalesce(max(number), 0) FROM cases WHERE org_id = ${orgId}::uuid),
      ${board.id}::uuid, 'Vuotava hana ' || n, 'other',
      CASE WHEN n % 3 = 0 THEN 'new' ELSE 'in_progress' END, now() - n * interval '1 hour', now()
    FROM generate_series(1, ${CASES}::int) AS n`.execute(db)
  // Each case has its conversation and internal notes, as a reported case does; the manager has
  // written in each conversation, so the board's list counts unread messages.
  await sql`
    INSERT INTO threads (org_id, kind, title, audience, created_by, case_id, layer)
    SELECT c.org_id, 'case', c.title, 'members', NULL, c.id, l.layer
    FROM cases c CROSS JOIN (VALUES ('case'), ('internal')) AS l(layer)
    WHERE c.org_id = ${orgId}::uuid`.execute(db)
  await sql`
    INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq, archived_at)
    SELECT t.org_id, t.id, gen_random_uuid(), ${manager.id}::uuid, 'Korjaaja tulee huomenna ' || n,
      now() - n * interval '1 minute', n, now()
    FROM threads t CROSS JOIN generate_series(1, 3) AS n
    WHERE t.org_id = ${orgId}::uuid AND t.layer = 'case'`.execute(db)
  const thread = await db
    .insertInto('threads')
    .values({ org_id: orgId, title: 'Pihapiiri', audience: 'members', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`
    INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq, archived_at)
    SELECT ${orgId}::uuid, ${thread.id}::uuid, gen_random_uuid(), ${board.id}::uuid,
      'Pyykkituvan kuivausrumpu pitää taas outoa ääntä ' || n, now() - (${MESSAGES}::int - n) * interval '1 minute',
      n, now()
    FROM generate_series(1, ${MESSAGES}::int) AS n`.execute(db)
  const staff = client(t.app, manager.token)
  const category = await (
    await staff.post(`/api/bookings/orgs/${orgId}/categories`, { name: 'Sauna' })
  ).json()
  const resource = await createResource({
    ...place,
    orgId,
    manager,
    staff,
    categoryId: category.category.id as string,
  })
  const year = new Date().getFullYear()
  await sql`
    INSERT INTO finance_invoices (org_id, apartment_id, kind, period, amount_cents, issued_on, due_date, reference, iban, paid_cents)
    SELECT ${orgId}::uuid, ${place.apartmentId}::uuid, 'maintenance', make_date(${year}::int, m, 1), 25000,
      make_date(${year}::int, m, 1), make_date(${year}::int, m, 1) + 14,
      (2000000000 + m)::text, 'FI2112345600000785', CASE WHEN m % 3 = 0 THEN 0 ELSE 25000 END
    FROM generate_series(1, 12) AS m`.execute(db)
  // The other lists of issue 19: meters with a year of readings, a folder tree, portal messages.
  await sql`
    INSERT INTO meters (org_id, building_id, kind, serial, unit)
    SELECT ${orgId}::uuid, ${place.buildingId}::uuid, 'cold_water', 'M-' || n, 'm3'
    FROM generate_series(1, ${METERS}::int) AS n`.execute(db)
  await sql`
    INSERT INTO meter_readings (org_id, meter_id, value, read_on, status, source)
    SELECT m.org_id, m.id, 10 * k, make_date(${year}::int, k, 1), 'accepted', 'staff'
    FROM meters m CROSS JOIN generate_series(1, 12) AS k
    WHERE m.org_id = ${orgId}::uuid`.execute(db)
  await sql`
    INSERT INTO document_folders (org_id, name)
    SELECT ${orgId}::uuid, 'Kansio ' || n FROM generate_series(1, ${FOLDERS}::int) AS n`.execute(db)
  await sql`
    INSERT INTO document_folders (org_id, parent_id, name)
    SELECT f.org_id, f.id, f.name || ' / ' || n
    FROM document_folders f CROSS JOIN generate_series(1, 3) AS n
    WHERE f.org_id = ${orgId}::uuid AND f.parent_id IS NULL`.execute(db)
  await sql`
    WITH sent AS (
      INSERT INTO communications (org_id, sender_id, subject, body, audience, scheduled_at)
      SELECT ${orgId}::uuid, ${manager.id}::uuid, 'Tiedote ' || n, 'Vesikatko torstaina klo 9–12.',
        '{}'::jsonb, now() - n * interval '1 day'
      FROM generate_series(1, ${NOTICES}::int) AS n
      RETURNING id, org_id, scheduled_at)
    INSERT INTO communication_deliveries (org_id, communication_id, user_id, channel, status, available_at, sent_at)
    SELECT org_id, id, ${board.id}::uuid, 'portal', 'sent', scheduled_at, scheduled_at FROM sent`.execute(db)
  await listRows(t, { orgId, board, manager, resourceId: resource.id })
  // As a database that autovacuum keeps looks (this machine's Postgres runs with it off): the
  // visibility map set, so index-only scans skip the heap, and GIN pending lists merged.
  await sql`VACUUM ANALYZE`.execute(db)
  return { orgId, board, manager, threadId: thread.id, resourceId: resource.id }
}

/**
 * The app as the API process composes it (api/httpServer.ts): PGlite in its worker thread, or
 * postgres.js, and the session cache (BENCH_SESSION_CACHE=0 leaves it out, to compare); a fresh
 * in-memory PGlite per run, the DATABASE_URL database for Postgres.
 */
export async function startApp(engine: Engine) {
  const connected = await connectDatabase(
    engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
  )
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
  const sessionCache = process.env.BENCH_SESSION_CACHE === '0' ? undefined : createSessionCache()
  const deps: AppDeps = {
    config,
    db: connected.db,
    engine: connected.engine,
    mailer: createMailer(undefined),
    // As api/httpServer.ts: sessions, principals and /api/me answers cached, forgotten on changes.
    sessionCache,
    onAccessChanged: (change) => sessionCache?.forget(change),
    onProfileChanged: (change) => sessionCache?.forgetProfile(change),
  }
  return { deps, app: createApi(deps), close: connected.close }
}
export type BenchApp = Awaited<ReturnType<typeof startApp>>

/**
 * [name, path, session token, the answer's array of rows] of every endpoint the bench measures, on
 * the world's data. Who asks: the board member for the cooperative's lists and their own, the
 * manager for the staff lists (in the scaled world a manager of every cooperative).
 */
export function endpoints(
  w: Awaited<ReturnType<typeof world>>,
): Array<[name: string, path: string, token: string | undefined, list?: string]> {
  const monday = new Date()
  monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7))
  const week = monday.toISOString().slice(0, 10)
  return [
    ['/api/health', '/api/health', undefined],
    ['/api/me', '/api/me', w.board.token, 'organisations'],
    ['case list page', `/api/cases?org=${w.orgId}`, w.board.token, 'cases'],
    ['thread archive page', `/api/threads/${w.threadId}/archive?limit=50`, w.board.token, 'messages'],
    [
      'search',
      `/api/search?q=${encodeURIComponent('kuivausrumpu')}&org=${w.orgId}`,
      w.board.token,
      'results',
    ],
    [
      'booking week',
      `/api/bookings/orgs/${w.orgId}/resources/${w.resourceId}/availability?week=${week}`,
      w.board.token,
      'days',
    ],
    ['report: balance', `/api/reports/${w.orgId}/balance`, w.board.token, 'sections'],
    ['work queue', '/api/work-queue', w.manager.token, 'items'],
    ['folders', `/api/documents/${w.orgId}/folders`, w.board.token, 'folders'],
    ['my messages', '/api/communications/mine', w.board.token, 'messages'],
    ['meters', `/api/meters/${w.orgId}`, w.manager.token, 'meters'],
    ['finance overdue', `/api/finance/${w.orgId}/overdue`, w.manager.token, 'items'],
    ['supplier invoices', `/api/finance/${w.orgId}/supplier-invoices`, w.manager.token, 'invoices'],
    ['my bookings', '/api/bookings/mine', w.board.token, 'bookings'],
    ['my tasks', '/api/tasks/mine', w.board.token, 'tasks'],
    ['events', `/api/events/org/${w.orgId}`, w.board.token, 'events'],
  ]
}

/** BENCH_ENDPOINTS=me,case keeps only the endpoints whose name contains one of the words. */
export function picked(name: string): boolean {
  const pick = process.env.BENCH_ENDPOINTS?.split(',')
  return !pick || pick.some((word) => name.includes(word))
}
