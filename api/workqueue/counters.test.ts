import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkQueue } from '../../schema/api/workQueue.ts'
import * as m0049 from '../../schema/db/migrations/0049_case_queue_counts.ts'
import * as m0050 from '../../schema/db/migrations/0050_case_thread_activity.ts'
import type { DB } from '../../server/db/connect.ts'
import { addMembership, createOrg, createUser, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { addCase, addCaseMessage } from './testWorld.ts'

/**
 * The work queue's maintained tables (0049 case_queue_counts, 0050 case_thread_activity) against a
 * count made afresh from `cases` and `messages`, after every kind of change their triggers see:
 * the triggers fire whoever writes (a route, a projection, retention, erasure), so the changes
 * here are plain statements on the tables.
 */

/** What `case_queue_counts` must hold: open cases per cooperative, status, assignee and due date. */
async function countsDrift(db: DB) {
  const { rows } = await sql<{ key: string; kept: number | null; fresh: number | null }>`
    WITH fresh AS (
      SELECT org_id, status, assignee_id, due_date, count(*)::int AS n FROM cases
       WHERE status IN ('new', 'in_progress', 'waiting') GROUP BY 1, 2, 3, 4)
    SELECT concat_ws('/', coalesce(k.org_id, f.org_id), coalesce(k.status, f.status),
                     coalesce(k.assignee_id, f.assignee_id), coalesce(k.due_date, f.due_date)) AS key,
           k.cases AS kept, f.n AS fresh
      FROM case_queue_counts k FULL JOIN fresh f
        ON f.org_id = k.org_id AND f.status = k.status
       AND f.assignee_id IS NOT DISTINCT FROM k.assignee_id AND f.due_date IS NOT DISTINCT FROM k.due_date
     WHERE k.cases IS DISTINCT FROM f.n`.execute(db)
  return rows
}

/** What `case_thread_activity` must hold: per case thread with a live message, the latest and the latest by another. */
async function activityDrift(db: DB) {
  const { rows } = await sql<{ thread_id: string }>`
    WITH last AS (
      SELECT DISTINCT ON (m.thread_id) m.thread_id, m.created_at, m.author_id
        FROM messages m JOIN threads t ON t.id = m.thread_id AND t.case_id IS NOT NULL
       WHERE NOT m.deleted ORDER BY m.thread_id, m.created_at DESC),
    fresh AS (
      SELECT l.thread_id, l.created_at AS last_at,
             (SELECT max(m.created_at) FROM messages m WHERE m.thread_id = l.thread_id AND NOT m.deleted
                AND m.author_id IS DISTINCT FROM l.author_id) AS other_at
        FROM last l)
    SELECT coalesce(a.thread_id, f.thread_id) AS thread_id
      FROM case_thread_activity a FULL JOIN fresh f ON f.thread_id = a.thread_id
     WHERE a.thread_id IS NULL OR f.thread_id IS NULL
        OR a.last_at IS DISTINCT FROM f.last_at OR a.other_at IS DISTINCT FROM f.other_at`.execute(db)
  return rows
}

/**
 * Unread as the queue reads it from `case_thread_activity`, and as it was read before 0050 (every
 * live message by someone else after the reader's last read): the case ids, for one reader.
 */
async function unreadBothWays(db: DB, userId: string) {
  const kept = await sql<{ case_id: string }>`
    SELECT DISTINCT a.case_id FROM case_thread_activity a
      LEFT JOIN thread_reads tr ON tr.thread_id = a.thread_id AND tr.user_id = ${userId}
     WHERE (CASE WHEN a.last_author IS DISTINCT FROM ${userId}::uuid THEN a.last_at ELSE a.other_at END)
           > coalesce(tr.read_at, '-infinity'::timestamptz)
     ORDER BY 1`.execute(db)
  const fresh = await sql<{ case_id: string }>`
    SELECT DISTINCT t.case_id FROM threads t
      JOIN messages m ON m.thread_id = t.id AND NOT m.deleted
       AND (m.author_id IS NULL OR m.author_id <> ${userId})
      LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.user_id = ${userId}
     WHERE t.case_id IS NOT NULL AND (tr.read_at IS NULL OR m.created_at > tr.read_at)
     ORDER BY 1`.execute(db)
  return { kept: kept.rows.map((r) => r.case_id), fresh: fresh.rows.map((r) => r.case_id) }
}

describe.each(ENGINES)('work queue counters on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('case_queue_counts equals a fresh count after every kind of change to cases', async () => {
    const db = t.deps.db
    const [a, b] = [await createOrg(db), await createOrg(db)]
    const reporter = await createUser(db)
    const handler = await createUser(db)
    const check = async (what: string) => expect(await countsDrift(db), what).toEqual([])

    const first = await addCase(db, a.id, reporter.id)
    await check('one insert')
    // Many in one statement, open and closed, some with the same key.
    await sql`
      INSERT INTO cases (org_id, number, reporter_id, title, category, status, assignee_id, due_date)
      SELECT ${b.id}::uuid, 900000 + n, ${reporter.id}::uuid, 'Bulk ' || n, 'other',
             (ARRAY['new', 'in_progress', 'waiting', 'resolved', 'closed'])[1 + n % 5],
             CASE WHEN n % 2 = 0 THEN ${handler.id}::uuid END,
             CASE WHEN n % 3 = 0 THEN DATE '2020-01-01' END
        FROM generate_series(1, 40) AS n`.execute(db)
    await check('a bulk insert')
    await db.updateTable('cases').set({ status: 'in_progress' }).where('id', '=', first).execute()
    await check('status, open to open')
    await db.updateTable('cases').set({ assignee_id: handler.id }).where('id', '=', first).execute()
    await check('assigned')
    await db.updateTable('cases').set({ due_date: '2099-12-31' }).where('id', '=', first).execute()
    await check('due date set')
    await db.updateTable('cases').set({ status: 'resolved' }).where('id', '=', first).execute()
    await check('closed')
    await db
      .updateTable('cases')
      .set({ status: 'waiting', assignee_id: null })
      .where('id', '=', first)
      .execute()
    await check('reopened and unassigned at once')
    // Many rows in one statement, each moving between keys, some to the same key.
    await db
      .updateTable('cases')
      .set({ status: 'waiting', due_date: null })
      .where('org_id', '=', b.id)
      .where('number', '<=', 900020)
      .execute()
    await check('a bulk update')
    await db.updateTable('cases').set({ excerpt: 'only the excerpt' }).where('org_id', '=', b.id).execute()
    await check('an update of other columns')
    await db.deleteFrom('cases').where('id', '=', first).execute()
    await check('one delete')
    await db.deleteFrom('cases').where('org_id', '=', b.id).where('number', '>', 900010).execute()
    await check('a bulk delete')
    expect(
      await db.selectFrom('case_queue_counts').select('cases').where('org_id', '=', a.id).execute(),
    ).toEqual([])
  })

  it('case_thread_activity equals a fresh reading of the messages after every kind of change', async () => {
    const db = t.deps.db
    const org = await createOrg(db)
    const [reporter, handler, other] = [await createUser(db), await createUser(db), await createUser(db)]
    const check = async (what: string) => {
      expect(await activityDrift(db), what).toEqual([])
      for (const u of [reporter, handler, other]) {
        const { kept, fresh } = await unreadBothWays(db, u.id)
        expect(kept, `${what}: unread for one reader`).toEqual(fresh)
      }
    }
    const leak = await addCase(db, org.id, reporter.id)
    const noise = await addCase(db, org.id, reporter.id)
    const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n))
    const thread = await addCaseMessage(db, org.id, leak, reporter.id, minute(10))
    await check('the first message')
    await addCaseMessage(db, org.id, leak, handler.id, minute(20))
    await check('another author')
    await addCaseMessage(db, org.id, leak, handler.id, minute(30))
    await check('the same author again')
    await addCaseMessage(db, org.id, leak, reporter.id, minute(5))
    await check('an older message arriving late')
    const noiseThread = await addCaseMessage(db, org.id, noise, other.id, minute(1))
    // Several messages in several threads in one statement (a compaction), one with no author.
    await sql`
      INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq)
      VALUES (${org.id}::uuid, ${thread}::uuid, 'bulk-1', NULL, 'system', ${minute(40)}, 100),
             (${org.id}::uuid, ${thread}::uuid, 'bulk-2', ${other.id}::uuid, 'x', ${minute(35)}, 101),
             (${org.id}::uuid, ${noiseThread}::uuid, 'bulk-3', ${reporter.id}::uuid, 'y', ${minute(2)}, 102)`.execute(
      db,
    )
    await check('a multi-thread insert with a message of nobody')
    await db
      .insertInto('thread_reads')
      .values({ user_id: handler.id, thread_id: thread, read_at: minute(45) })
      .execute()
    await check('read by the handler')
    await db.updateTable('messages').set({ deleted: true }).where('id', '=', 'bulk-1').execute()
    await check('the latest deleted')
    await db.updateTable('messages').set({ author_id: null }).where('author_id', '=', handler.id).execute()
    await check('an author erased')
    await db
      .updateTable('messages')
      .set({ created_at: minute(50) })
      .where('id', '=', 'bulk-2')
      .execute()
    await check('a time changed')
    await db.updateTable('messages').set({ deleted: false }).where('id', '=', 'bulk-1').execute()
    await check('undeleted')
    await db
      .updateTable('messages')
      .set({ text: 'edited', archived_at: new Date() })
      .where('thread_id', '=', thread)
      .execute()
    await check('an edit and archiving (no trigger)')
    await db.updateTable('messages').set({ deleted: true }).where('thread_id', '=', noiseThread).execute()
    await check('every message of a thread deleted')
    await db.deleteFrom('messages').where('thread_id', '=', thread).where('id', '=', 'bulk-1').execute()
    await check('one row deleted')
    await db.deleteFrom('messages').where('thread_id', 'in', [thread, noiseThread]).execute()
    await check('every row deleted (retention)')
    // A channel's messages are not a case's: no activity row.
    const channel = await db
      .insertInto('threads')
      .values({ org_id: org.id, title: 'Piha', audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await sql`
      INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq)
      VALUES (${org.id}::uuid, ${channel.id}::uuid, 'c-1', ${other.id}::uuid, 'hei', now(), 1)`.execute(db)
    await check('a channel message')
    expect(
      await db
        .selectFrom('case_thread_activity')
        .select('thread_id')
        .where('thread_id', '=', channel.id)
        .execute(),
    ).toEqual([])
  })

  it('a re-reading beside a concurrent insert into the same case thread loses neither', async () => {
    const db = t.deps.db
    const org = await createOrg(db)
    const [reporter, handler] = [await createUser(db), await createUser(db)]
    const leak = await addCase(db, org.id, reporter.id)
    const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n))
    const thread = await addCaseMessage(db, org.id, leak, reporter.id, minute(1))
    for (let round = 0; round < 3; round++) {
      await addCaseMessage(db, org.id, leak, reporter.id, minute(2 + round))
      // One transaction writes the newest message and stays open while another deletes an older
      // one (which reads the thread again): the second must see the first's message once it commits.
      let release = () => {}
      const held = new Promise<void>((r) => {
        release = r
      })
      let written = () => {}
      const didWrite = new Promise<void>((r) => {
        written = r
      })
      const writer = db.transaction().execute(async (trx) => {
        await sql`
          INSERT INTO messages (org_id, thread_id, id, author_id, text, created_at, seq)
          VALUES (${org.id}::uuid, ${thread}::uuid, ${`late-${round}`}, ${handler.id}::uuid, 'x',
                  ${minute(30 + round)}, ${1000 + round})`.execute(trx)
        written()
        await held
      })
      await didWrite
      const deleter = db.transaction().execute(async (trx) => {
        await trx
          .updateTable('messages')
          .set({ deleted: true })
          .where('thread_id', '=', thread)
          .where('created_at', '=', minute(2 + round))
          .execute()
      })
      await new Promise((r) => setTimeout(r, 100))
      release()
      await Promise.all([writer, deleter])
      expect(await activityDrift(db), `round ${round}`).toEqual([])
    }
  })

  it('the migrations fill both tables from the cases and messages already there', async () => {
    const db = t.deps.db
    // As a database from before them: the tables and triggers gone, then rows of every kind written.
    const raw = db as unknown as Parameters<typeof m0049.up>[0]
    await m0050.down(raw)
    await m0049.down(raw)
    const org = await createOrg(db)
    const [reporter, handler] = [await createUser(db), await createUser(db)]
    const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n))
    for (const [i, status] of (['new', 'in_progress', 'waiting', 'resolved', 'closed'] as const).entries()) {
      const id = await addCase(db, org.id, reporter.id, {
        status,
        assigneeId: i % 2 ? handler.id : null,
        dueDate: i % 3 ? '2020-01-01' : null,
      })
      await addCaseMessage(db, org.id, id, reporter.id, minute(i))
      const thread = await addCaseMessage(db, org.id, id, handler.id, minute(10 + i))
      if (i === 2)
        await db.updateTable('messages').set({ deleted: true }).where('thread_id', '=', thread).execute()
    }
    await m0049.up(raw)
    await m0050.up(raw)
    expect(await countsDrift(db)).toEqual([])
    expect(await activityDrift(db)).toEqual([])
    expect(
      await db.selectFrom('case_thread_activity').select('thread_id').where('org_id', '=', org.id).execute(),
    ).toHaveLength(4)
    // And the triggers are back.
    await addCase(db, org.id, reporter.id)
    expect(await countsDrift(db)).toEqual([])
  })

  it("counts from the kept rows only the caller's cooperatives; others and members without the role get nothing", async () => {
    const db = t.deps.db
    const mgmt = await createOrg(db, { kind: 'management_company' })
    const coop = await createOrg(db, { managedBy: mgmt.id })
    const manager = await member(db, mgmt.id, 'property_manager')
    const reporter = await createUser(db)
    await addMembership(db, coop.id, reporter.id, 'resident')
    const ours = await addCase(db, coop.id, reporter.id, { assigneeId: manager.id })
    await addCaseMessage(db, coop.id, ours, reporter.id)
    // Another management company's cooperative, with open, assigned, overdue and unread cases of its own.
    const theirMgmt = await createOrg(db, { kind: 'management_company' })
    const theirs = await createOrg(db, { managedBy: theirMgmt.id })
    const stranger = await member(db, theirMgmt.id, 'property_manager')
    for (let i = 0; i < 3; i++) {
      const id = await addCase(db, theirs.id, reporter.id, { assigneeId: stranger.id, dueDate: '2020-01-01' })
      await addCaseMessage(db, theirs.id, id, reporter.id)
    }

    const queue = async (token: string, query = '') =>
      (await (await client(t.app, token).get(`/api/work-queue${query}`)).json()) as WorkQueue
    const mine = await queue(manager.token)
    expect(mine.groups.map((g) => g.org.id)).toEqual([coop.id])
    expect(mine.totals).toEqual({ all: 1, unassigned: 0, mine: 1, overdue: 0, waiting: 0, unread: 1 })
    expect((await queue(stranger.token)).totals).toEqual({
      all: 3,
      unassigned: 0,
      mine: 3,
      overdue: 3,
      waiting: 0,
      unread: 3,
    })
    // Naming the other cooperative outright changes nothing.
    expect((await queue(stranger.token, `?org=${coop.id}`)).groups).toEqual([])
    // A member of the cooperative without a handler's role.
    const resident = await queue(await signIn(db, reporter.id))
    expect(resident).toEqual({
      groups: [],
      totals: expect.objectContaining({ all: 0 }),
      items: [],
      truncated: false,
    })
  })
})
