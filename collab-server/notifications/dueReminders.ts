import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'
import { startPeriodic } from '../../server/outbox/loop.ts'

/**
 * Due-date reminders for tasks: "due soon" once when a task is due today or tomorrow, and
 * "overdue" once when its date has passed (looking back at most MAX_OVERDUE_DAYS, so turning
 * this on does not flood people with old tasks), each at most once per task per due date:
 * moving the date re-arms both. Dates are calendar days in Europe/Helsinki.
 *
 * The job only decides; the notifier delivers. Each run claims `task_due:<board>:<card>:<due>:
 * <stage>` in `notification_dedupe` and writes the `notify` row in the same transaction, so
 * several runners (one per collab process) can scan at once: the primary key lets exactly one
 * of them win each key, and a runner that dies mid-run leaves neither a claim nor a row.
 * Keys are inserted in one sorted order so two runners never deadlock on each other's keys.
 */
export const MAX_OVERDUE_DAYS = 7
const BATCH = 500
const ZONE = 'Europe/Helsinki'

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in Helsinki at `at`, as YYYY-MM-DD. */
export function helsinkiDate(at: number): string {
  return dayFormat.format(new Date(at))
}

/** `date` (YYYY-MM-DD) moved by whole calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

export interface ReminderRun {
  /** Reminders claimed and queued by this run. */
  queued: number
}

export async function runDueReminders(
  db: DB,
  opts: { now?: number; runner?: string } = {},
): Promise<ReminderRun> {
  const today = helsinkiDate(opts.now ?? Date.now())
  const tomorrow = addDays(today, 1)
  const oldest = addDays(today, -MAX_OVERDUE_DAYS)
  const source = `reminders:${opts.runner ?? crypto.randomUUID()}:${today}`
  let queued = 0
  await pruneClaims(db)
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const candidates = await sql<{
        org_id: string
        board_id: string
        card_id: string
        due: string
        stage: 'soon' | 'overdue'
        key: string
      }>`
        SELECT c.*, 'task_due:' || c.board_id || ':' || c.card_id || ':' || c.due || ':' || c.stage AS key
        FROM (
          SELECT t.org_id, t.board_id, t.card_id, to_char(t.due, 'YYYY-MM-DD') AS due,
                 CASE WHEN t.due >= ${today}::date THEN 'soon' ELSE 'overdue' END AS stage
          FROM tasks t
          JOIN boards b ON b.id = t.board_id AND b.org_id = t.org_id AND b.archived_at IS NULL
          JOIN organisations o ON o.id = t.org_id AND o.status = 'active'
          WHERE NOT t.archived AND t.due BETWEEN ${oldest}::date AND ${tomorrow}::date
            AND t.progress < 100
            AND (t.assignee_id IS NOT NULL OR t.delegated_org_id IS NOT NULL)
        ) c
        WHERE NOT EXISTS (
          SELECT 1 FROM notification_dedupe d
          WHERE d.key = 'task_due:' || c.board_id || ':' || c.card_id || ':' || c.due || ':' || c.stage
        )
        ORDER BY key
        LIMIT ${BATCH}`.execute(trx)
      const rows = candidates.rows
      if (rows.length === 0) return 0
      const won = await trx
        .insertInto('notification_dedupe')
        .values(rows.map((r) => ({ key: r.key, source })))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute()
      const mine = new Set(won.map((w) => w.key))
      const fresh = rows.filter((r) => mine.has(r.key))
      await enqueue(
        trx,
        'notify',
        fresh.map((r) => ({
          orgId: r.org_id,
          entityId: r.card_id,
          payload: { type: 'task_due', boardId: r.board_id, cardId: r.card_id, due: r.due, stage: r.stage },
        })),
      )
      queued += fresh.length
      // A full batch may hide more; keys another runner won are not seen again (NOT EXISTS).
      return rows.length
    })
    if (n < BATCH) return { queued }
  }
}

/**
 * Reminder claims are needed only while their task can still be a candidate: a claim is made at
 * the earliest the day before its due date and the scan looks back MAX_OVERDUE_DAYS, so a claim
 * older than that (with a wide margin) can never be asked for again. Assignment keys are kept:
 * they guard against a rebuild at any later time.
 */
export const REMINDER_CLAIM_DAYS = 30

async function pruneClaims(db: DB): Promise<void> {
  await sql`
    DELETE FROM notification_dedupe
    WHERE key LIKE 'task\_due:%'
      AND created_at < now() - make_interval(days => ${REMINDER_CLAIM_DAYS})`.execute(db)
}

export interface DueReminders {
  runOnce(now?: number): Promise<ReminderRun>
  stop(): Promise<void>
}

/**
 * Runs the scan every `intervalMs` (15 minutes by default: a reminder is a day-level event) in
 * the collab process, next to the notifier that delivers it; see docs/NOTIFICATIONS.md.
 */
export function startDueReminders(opts: {
  db: DB
  log: Logger
  intervalMs?: number
  firstRunMs?: number
}): DueReminders {
  const runner = crypto.randomUUID().slice(0, 8)
  const runOnce = (now?: number) => runDueReminders(opts.db, { now, runner })
  const loop = startPeriodic({
    name: 'reminders',
    log: opts.log,
    run: async () => {
      const r = await runOnce()
      if (r.queued > 0) opts.log.info('reminders.queued', { count: r.queued })
    },
    everyMs: opts.intervalMs ?? 15 * 60_000,
    firstRunMs: opts.firstRunMs ?? 5_000,
  })
  return { runOnce, stop: () => loop.stop() }
}
