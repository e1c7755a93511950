import type { Hocuspocus } from '@hocuspocus/server'
import { addInboxItem, type InboxItem, type InboxKind } from '../schema/docs/inbox.ts'
import { inboxDocName } from '../schema/docs/names.ts'
import { notificationMail } from '../schema/i18n/mail.ts'
import { CASE_HANDLERS, can } from '../schema/policy.ts'
import { defaultNotificationPrefs, type NotificationKind } from '../schema/roles.ts'
import { loadCaseFacts } from '../server/access/caseFacts.ts'
import { loadPrincipal } from '../server/access/principal.ts'
import { threadAccess } from '../server/access/threadAccess.ts'
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
import { financeDeliveries, isFinancePayload } from './notifications/financeDeliveries.ts'
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

type Payload =
  | { type: 'case_created'; caseId: string; actorId: string }
  | { type: 'case_status'; caseId: string; status: string; actorId: string | null }
  | { type: 'case_assigned'; caseId: string; assigneeId: string; actorId: string | null }
  | { type: 'messages'; threadId: string; messages: Array<{ id: string; authorId: string; text: string }> }
  | TaskPayload
  | BookingPayload

const parse = (payload: unknown): Payload =>
  (typeof payload === 'string' ? JSON.parse(payload) : payload) as Payload

export function startNotifier(opts: NotifierOptions): Notifier {
  const { db } = opts
  const worker = `notifier-${crypto.randomUUID().slice(0, 8)}`

  const principalOf = (userId: string) => loadPrincipal(db, { userId, mfaVerified: true })

  async function caseDeliveries(row: OutboxRow, p: Payload & { caseId: string }): Promise<Delivery[]> {
    const loaded = await loadCaseFacts(db, p.caseId)
    if (!loaded) return []
    const c = await db
      .selectFrom('cases')
      .select(['title', 'number', 'org_id', 'reporter_id'])
      .where('id', '=', p.caseId)
      .executeTakeFirst()
    if (!c) return []
    const { org, facts } = loaded
    let recipients: string[] = []
    let kind: InboxKind
    let body = ''
    if (p.type === 'case_created') {
      kind = 'case_created'
      // Who handles it: the cooperative's board and the managing company's staff.
      const rows = await db
        .selectFrom('memberships')
        .select('user_id')
        .where((eb) =>
          eb.or([
            eb.and([
              eb('org_id', '=', org.id),
              eb('role', 'in', ['board_member', 'property_manager', 'org_admin']),
            ]),
            ...(org.managedBy
              ? [
                  eb.and([
                    eb('org_id', '=', org.managedBy),
                    eb('role', 'in', ['property_manager', 'org_admin']),
                  ]),
                ]
              : []),
          ]),
        )
        .execute()
      recipients = rows.map((r) => r.user_id)
      body = String(c.number)
    } else if (p.type === 'case_status') {
      kind = 'case_status'
      recipients = [facts.reporterId, ...(facts.assigneeId ? [facts.assigneeId] : []), ...facts.participants]
      body = p.status
    } else if (p.type === 'case_assigned') {
      kind = 'case_assigned'
      recipients = [p.assigneeId]
    } else return []
    const actor = p.actorId
    const out: Delivery[] = []
    for (const userId of new Set(recipients)) {
      if (userId === actor) continue
      const principal = await principalOf(userId)
      if (!can(principal, 'case.read', { type: 'case', org, case: facts })) continue
      out.push({
        userId,
        prefKind: 'case_update',
        item: {
          id: `${row.id}:${userId}`,
          kind,
          orgId: org.id,
          link: `/org/${org.id}/cases/${facts.id}`,
          title: c.title,
          body,
          createdAt: Date.now(),
        },
      })
    }
    return out
  }

  async function messageDeliveries(
    row: OutboxRow,
    p: Extract<Payload, { type: 'messages' }>,
  ): Promise<Delivery[]> {
    const thread = await db
      .selectFrom('threads')
      .select(['id', 'org_id', 'title', 'case_id', 'layer'])
      .where('id', '=', p.threadId)
      .executeTakeFirst()
    if (!thread) return []
    // Who takes part: everyone who has written here, and for a case its reporter, assignee and
    // participants (internal notes: its handlers' authors and the assignee, checked below).
    const authors = await db
      .selectFrom('messages')
      .select('author_id')
      .distinct()
      .where('thread_id', '=', thread.id)
      .where('author_id', 'is not', null)
      .execute()
    const takingPart = new Set(authors.flatMap((a) => (a.author_id ? [a.author_id] : [])))
    let link = `/org/${thread.org_id}/chat/${thread.id}`
    if (thread.case_id) {
      const loaded = await loadCaseFacts(db, thread.case_id)
      if (loaded) {
        link = `/org/${thread.org_id}/cases/${thread.case_id}`
        takingPart.add(loaded.facts.reporterId)
        if (loaded.facts.assigneeId) takingPart.add(loaded.facts.assigneeId)
        for (const u of loaded.facts.participants) takingPart.add(u)
      }
    }
    // Mentions: "@First Last" of anyone who can read the thread and is named in the message.
    const mentionable = await mentionCandidates(db, thread.org_id, [...takingPart])
    const names = new Map(
      (
        await db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', 'in', [...new Set(p.messages.map((m) => m.authorId))])
          .execute()
      ).map((u) => [u.id, u.name]),
    )
    const out: Delivery[] = []
    const readable = new Map<string, boolean>()
    const mayRead = async (userId: string) => {
      if (!readable.has(userId)) {
        const access = await threadAccess(db, await principalOf(userId), thread.id)
        readable.set(userId, access?.read === true)
      }
      return readable.get(userId)
    }
    for (const m of p.messages) {
      const mentioned = new Set(
        mentionable.filter((u) => m.text.toLowerCase().includes(`@${u.name.toLowerCase()}`)).map((u) => u.id),
      )
      const body = `${names.get(m.authorId) ?? ''}: ${m.text.slice(0, 200)}`
      for (const userId of new Set([...takingPart, ...mentioned])) {
        if (userId === m.authorId || !(await mayRead(userId))) continue
        const mention = mentioned.has(userId)
        out.push({
          userId,
          prefKind: 'message',
          item: {
            id: `${row.id}:${m.id}:${userId}`,
            kind: mention ? 'mention' : 'message',
            orgId: thread.org_id,
            link,
            title: thread.title,
            body,
            createdAt: Date.now(),
          },
        })
      }
    }
    return out
  }

  async function deliver(deliveries: Delivery[]): Promise<void> {
    const byUser = new Map<string, Delivery[]>()
    for (const d of deliveries) byUser.set(d.userId, [...(byUser.get(d.userId) ?? []), d])
    for (const [userId, list] of byUser) {
      const connection = await opts.hocuspocus.openDirectConnection(inboxDocName(userId), {
        userId: 'server',
      } as unknown as CollabContext)
      const added: Delivery[] = []
      try {
        await connection.transact((doc) => {
          for (const d of list) if (addInboxItem(doc, d.item)) added.push(d)
        })
      } finally {
        // Stores the inbox (snapshot) before we go on: the row is marked done only after.
        await connection.disconnect()
      }
      await email(userId, added)
    }
  }

  async function email(userId: string, added: Delivery[]): Promise<void> {
    if (!opts.mailer || added.length === 0) return
    const user = await db
      .selectFrom('users')
      .select(['email', 'language', 'notification_prefs'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!user) return
    const prefs = { ...defaultNotificationPrefs(), ...(user.notification_prefs ?? {}) }
    for (const d of added) {
      // Mentions always notify like a message would; the portal always shows everything.
      if (!prefs[d.prefKind]?.email) continue
      const mail = notificationMail(user.language, d.item, String(new URL(d.item.link, opts.publicUrl)))
      await opts.mailer.enqueue(db, {
        to: user.email,
        subject: mail.subject.slice(0, 200),
        body: mail.body,
        kind: `notify.${d.item.kind}`,
      })
    }
  }

  async function handle(row: OutboxRow): Promise<void> {
    const p = parse(row.payload)
    const deliveries = isTaskPayload(p)
      ? await taskDeliveries(db, row, p)
      : isBookingPayload(p)
        ? await bookingDeliveries(db, row, p)
        : isFinancePayload(p)
          ? await financeDeliveries(db, row, p)
          : p.type === 'messages'
            ? await messageDeliveries(row, p)
            : await caseDeliveries(row, p as Payload & { caseId: string })
    await deliver(deliveries)
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

async function mentionCandidates(db: DB, orgId: string, extra: string[]) {
  const org = await db
    .selectFrom('organisations')
    .select('managed_by')
    .where('id', '=', orgId)
    .executeTakeFirst()
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('memberships').select('user_id').where('org_id', '=', orgId)),
        ...(org?.managed_by
          ? [
              eb(
                'id',
                'in',
                eb
                  .selectFrom('memberships')
                  .select('user_id')
                  .where('org_id', '=', org.managed_by)
                  .where('role', 'in', [...CASE_HANDLERS]),
              ),
            ]
          : []),
        ...(extra.length ? [eb('id', 'in', extra)] : []),
      ]),
    )
    .execute()
}
