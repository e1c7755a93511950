import type { Hocuspocus } from '@hocuspocus/server'
import type { InboxItem } from '../schema/docs/inbox.ts'
import type { NotificationKind } from '../schema/roles.ts'
import type { DB } from '../server/db/connect.ts'
import type { Logger } from '../server/log.ts'
import type { Mailer } from '../server/mail/mailer.ts'
import { claim, complete, fail, type OutboxRow } from '../server/outbox/outbox.ts'
import type { CollabContext } from './context.ts'
import {
  type BookingPayload,
  bookingDeliveries,
  isBookingPayload,
} from './notifications/bookingDeliveries.ts'
import { type CasePayload, caseDeliveries } from './notifications/caseDeliveries.ts'
import { deliver } from './notifications/deliver.ts'
import { financeDeliveries, isFinancePayload } from './notifications/financeDeliveries.ts'
import { type MessagesPayload, messageDeliveries } from './notifications/messageDeliveries.ts'
import { isTaskPayload, type TaskPayload, taskDeliveries } from './notifications/taskDeliveries.ts'

/**
 * Turns `notify` outbox rows (written by case creation, the case projection and the thread
 * projection) into items in each recipient's live inbox `user/<id>/inbox`, written through a
 * Hocuspocus direct connection so whoever has it open sees the item at once, and stored before
 * the row is marked done. Every recipient is checked against the policy for the thing the item
 * points at (internal notes never reach a resident). Email goes through the mail outbox when the
 * recipient's preferences ask for it. Item ids derive from the outbox row, so a retry after a
 * crash never duplicates an item.
 */
export const NOTIFY_TOPIC = 'notify'

export interface NotifierOptions {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  mailer?: Mailer
  publicUrl: string
  pollMs?: number
  /** After a thread's new messages are delivered: live unread counts for channel readers. */
  onThreadMessages?: (change: { orgId: string; threadId: string }) => Promise<void>
}

export interface Notifier {
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export interface Delivery {
  userId: string
  item: Omit<InboxItem, 'readAt'>
  prefKind: NotificationKind
}

type Payload = CasePayload | MessagesPayload | TaskPayload | BookingPayload

const parse = (payload: unknown): Payload =>
  (typeof payload === 'string' ? JSON.parse(payload) : payload) as Payload

export function startNotifier(opts: NotifierOptions): Notifier {
  const { db } = opts
  const worker = `notifier-${crypto.randomUUID().slice(0, 8)}`

  async function handle(row: OutboxRow): Promise<void> {
    const p = parse(row.payload)
    const deliveries = isTaskPayload(p)
      ? await taskDeliveries(db, row, p)
      : isBookingPayload(p)
        ? await bookingDeliveries(db, row, p)
        : isFinancePayload(p)
          ? await financeDeliveries(db, row, p)
          : p.type === 'messages'
            ? await messageDeliveries(db, row, p)
            : await caseDeliveries(db, row, p as CasePayload)
    await deliver(opts, deliveries)
    if (p.type === 'messages' && row.orgId && opts.onThreadMessages) {
      // A lost signal costs only freshness (clients also poll): it never fails the row.
      await opts
        .onThreadMessages({ orgId: row.orgId, threadId: p.threadId })
        .catch((error: unknown) =>
          opts.log.warn('notify.chat_activity_failed', { row: row.id, error: String(error) }),
        )
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await claim(db, { worker, topics: [NOTIFY_TOPIC], limit: 20, leaseMs: 60_000 })
    for (const row of rows) {
      try {
        await handle(row)
        await complete(db, worker, [row.id])
      } catch (error) {
        opts.log.warn('notify.failed', { row: row.id, error: String(error) })
        await fail(db, worker, row, String(error), { maxAttempts: 8, backoffMs: 1000 })
      }
    }
    return rows.length
  }

  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  const loop = () => {
    if (stopped) return
    running = runOnce()
      .catch((error: unknown) => opts.log.warn('notify.poll_failed', { error: String(error) }))
      .then((n) => {
        if (!stopped) timer = setTimeout(loop, n ? 0 : (opts.pollMs ?? 300))
      })
  }
  timer = setTimeout(loop, 0)
  return {
    runOnce,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
