import { sql } from 'kysely'
import type { TestContext } from '../../api/test/harness.ts'
import { addMembership, createOrg, createUser, member } from '../../server/test/factories.ts'

/**
 * The work queue's benchmark data (bench/workQueue.ts, bench/workQueueExplain.ts): a property
 * manager whose company runs BENCH_COOPS cooperatives (50) holding BENCH_CASES open cases
 * (20,000) plus a fifth as many closed ones, a third of the open ones with a message from the
 * reporter, every other one of those read by the manager since.
 */
export const COOPS = Number(process.env.BENCH_COOPS ?? 50)
export const CASES = Number(process.env.BENCH_CASES ?? 20_000)
const STATUSES = ['new', 'in_progress', 'waiting'] as const
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const

export async function workQueueWorld(t: TestContext) {
  const db = t.deps.db
  const mgmt = await createOrg(db, { kind: 'management_company' })
  const manager = await member(db, mgmt.id, 'property_manager')
  const reporter = await createUser(db)
  const coops: string[] = []
  for (let i = 0; i < COOPS; i++) {
    const coop = await createOrg(db, { managedBy: mgmt.id, name: `As Oy Bench ${i}` })
    await addMembership(db, coop.id, reporter.id, 'resident')
    coops.push(coop.id)
  }
  const total = CASES + Math.floor(CASES / 5)
  const started = performance.now()
  for (let from = 0; from < total; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, total - from) }, (_, k) => {
      const i = from + k
      const open = i < CASES
      return {
        org_id: coops[i % COOPS]!,
        number: i + 1,
        reporter_id: reporter.id,
        title: `Bench case ${i}`,
        category: 'other',
        status: open ? STATUSES[i % 3]! : ('closed' as const),
        priority: PRIORITIES[i % 4]!,
        assignee_id: i % 5 === 0 ? null : i % 5 === 1 ? manager.id : reporter.id,
        due_date: i % 7 === 0 ? '2020-01-01' : i % 7 === 1 ? '2099-01-01' : null,
        building_id: null,
        staircase_id: null,
        apartment_id: null,
        client_key: null,
      }
    })
    const cases = await db.insertInto('cases').values(rows).returning(['id', 'org_id']).execute()
    const talked = cases.filter((_, k) => (from + k) % 3 === 0 && from + k < CASES)
    if (talked.length === 0) continue
    const threads = await db
      .insertInto('threads')
      .values(
        talked.map((c) => ({
          org_id: c.org_id,
          kind: 'case' as const,
          title: 'Case',
          case_id: c.id,
          layer: 'case' as const,
          created_by: reporter.id,
        })),
      )
      .returning(['id', 'org_id'])
      .execute()
    await db
      .insertInto('messages')
      .values(
        threads.map((th) => ({
          org_id: th.org_id,
          thread_id: th.id,
          id: crypto.randomUUID(),
          author_id: reporter.id,
          text: 'Any news?',
          created_at: new Date(Date.now() - 3_600_000),
          edited_at: null,
          seq: 1,
          hidden_reason: null,
          hidden_by: null,
          archived_at: null,
        })),
      )
      .execute()
    // Every other thread read by the manager since.
    await db
      .insertInto('thread_reads')
      .values(
        threads
          .filter((_, k) => k % 2 === 0)
          .map((th) => ({ user_id: manager.id, thread_id: th.id, read_at: new Date() })),
      )
      .execute()
  }
  await sql`ANALYZE`.execute(db)
  return { token: manager.token, managerId: manager.id, seedMs: performance.now() - started }
}
