import type { Hocuspocus } from '@hocuspocus/server'
import type { InboxItem } from '../schema/docs/inbox.ts'
import { type NotifyPayload, payloadOf } from '../schema/outbox.ts'
import type { NotificationKind } from '../schema/roles.ts'
import type { DB } from '../server/db/connect.ts'
import type { Logger } from '../server/log.ts'
import type { Mailer } from '../server/mail/mailer.ts'
import type { OutboxRow } from '../server/outbox/outbox.ts'
import { startOutboxWorker } from '../server/outbox/worker.ts'
import type { CollabContext } from './context.ts'
import { bookingDeliveries } from './notifications/bookingDeliveries.ts'
import { caseDeliveries } from './notifications/caseDeliveries.ts'
import { deliver } from './notifications/deliver.ts'
import { financeDeliveries } from './notifications/financeDeliveries.ts'
import { gdprDeliveries } from './notifications/gdprDeliveries.ts'
import { messageDeliveries } from './notifications/messageDeliveries.ts'
import { roundDeliveries } from './notifications/roundDeliveries.ts'
import { taskDeliveries } from './notifications/taskDeliveries.ts'

/**
 * Turns `notify` outbox rows (written by case creation, the case projection and the thread
 * projection) into items in each recipient's live inbox `user/<id>/inbox`, written through a
 * Hocuspocus direct connection so whoever has it open sees the item at once, and stored before
 * the row is marked done. Every recipient is checked against the policy for the thing the item
 * points at (internal notes never reach a resident). Email goes through the mail outbox when the
 * recipient's preferences ask for it. Item ids derive from the outbox row, so a retry after a
 * crash never duplicates an item.
 */
export interface NotifierOptions {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  mailer?: Mailer
  publicUrl: string
  pollMs?: number
  /** After a thread's new messages are delivered: live unread counts for channel readers. */
  onThreadMessages?: (change: { orgId: string; threadId: string }) => Promise<void>
  /** After a reading round's notice: live "who has submitted" for those who oversee it. */
  onRoundChanged?: (change: { orgId: string; roundId: string }) => Promise<void>
}

export interface Notifier {
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export interface Delivery {
  userId: string
  item: Omit<InboxItem, 'readAt'>
  prefKind: NotificationKind
  /** Set when the recipient had already seen it live: stored read, and not mailed. */
  readAt?: number
}

export function startNotifier(opts: NotifierOptions): Notifier {
  const { db } = opts

  async function deliveriesFor(row: OutboxRow, p: NotifyPayload): Promise<Delivery[]> {
    switch (p.type) {
      case 'task_assigned':
      case 'task_delegated':
      case 'task_due':
        return taskDeliveries(db, row, p)
      case 'booking_confirmed':
      case 'booking_cancelled':
        return bookingDeliveries(db, row, p)
      case 'invoice_paid':
        return financeDeliveries(db, row, p)
      case 'erasure_refused':
        return gdprDeliveries(db, row, p)
      case 'round_opened':
        return roundDeliveries(db, row, p)
      case 'round_progress':
        // No item: the round's overseers get a signal (below), residents nothing.
        return []
      case 'messages':
        return messageDeliveries(db, row, p)
      default:
        return caseDeliveries(db, row, p)
    }
  }

  async function handle(row: OutboxRow): Promise<void> {
    const p = payloadOf('notify', row.payload)
    const deliveries = await deliveriesFor(row, p)
    await deliver(opts, deliveries)
    if (p.type === 'messages' && row.orgId && opts.onThreadMessages) {
      // A lost signal costs only freshness (clients also poll): it never fails the row.
      await opts
        .onThreadMessages({ orgId: row.orgId, threadId: p.threadId })
        .catch((error: unknown) =>
          opts.log.warn('notify.chat_activity_failed', { row: row.id, error: String(error) }),
        )
    }
    if ((p.type === 'round_opened' || p.type === 'round_progress') && row.orgId && opts.onRoundChanged) {
      // As above: a lost signal costs freshness only (round pages also poll once a minute).
      await opts
        .onRoundChanged({ orgId: row.orgId, roundId: p.roundId })
        .catch((error: unknown) =>
          opts.log.warn('notify.round_activity_failed', { row: row.id, error: String(error) }),
        )
    }
  }

  return startOutboxWorker({
    db,
    log: opts.log,
    name: 'notifier',
    topics: ['notify'],
    handle,
    pollMs: opts.pollMs ?? 300,
    limit: 20,
    leaseMs: 60_000,
    maxAttempts: 8,
    backoffMs: 1000,
  })
}
