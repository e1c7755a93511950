import * as Y from 'yjs'

/**
 * A person's live notification inbox, `user/<userId>/inbox`. The server writes items (the
 * notifier in collab-server); its owner may only mark items read, which the write guard
 * (collab-server/guard/inboxRules.ts) enforces: `readAt` on an existing item, nothing else.
 *
 *   items: Y.Array<Y.Map { id, kind, orgId, link, title, body, createdAt, readAt }>   newest last
 */
export const INBOX_ITEMS = 'items'
export const INBOX_KINDS = [
  'message',
  'mention',
  'case_created',
  'case_status',
  'case_assigned',
  // Tasks (board cards): title = card title; body = the due date (YYYY-MM-DD) for reminders.
  'task_assigned',
  'task_delegated',
  'task_due',
  'task_overdue',
  // Bookings: title = resource name; body = `<start ISO>/<end ISO>`.
  'booking_confirmed',
  'booking_cancelled',
  // Finance: title = the apartment number; body = the invoice's period (YYYY-MM-DD).
  'invoice_paid',
  // Data protection: title = the refusing organisation's name; body = the staff's reason.
  'erasure_refused',
  // Meters: title = the round's title; body = its due date (YYYY-MM-DD).
  'reading_round',
] as const
export type InboxKind = (typeof INBOX_KINDS)[number]
export const ITEM_FIELDS = ['id', 'kind', 'orgId', 'link', 'title', 'body', 'createdAt', 'readAt'] as const
/** Oldest items are dropped beyond this. */
export const MAX_INBOX_ITEMS = 300

export interface InboxItem {
  id: string
  kind: InboxKind
  orgId: string | null
  /** A client path, e.g. /org/<orgId>/cases/<caseId>. */
  link: string
  /** Interpolation values for the client's translated text (title, actor, status…) as JSON. */
  title: string
  body: string
  createdAt: number
  readAt: number | null
}

type Value = string | number | null

export const itemsOf = (doc: Y.Doc) => doc.getArray<Y.Map<Value>>(INBOX_ITEMS)

const str = (v: unknown) => (typeof v === 'string' ? v : '')

export function readInboxItem(map: Y.Map<Value>): InboxItem {
  const kind = map.get('kind')
  const readAt = map.get('readAt')
  const createdAt = map.get('createdAt')
  return {
    id: str(map.get('id')),
    kind: (INBOX_KINDS as readonly unknown[]).includes(kind) ? (kind as InboxKind) : 'message',
    orgId: typeof map.get('orgId') === 'string' ? (map.get('orgId') as string) : null,
    link: str(map.get('link')),
    title: str(map.get('title')),
    body: str(map.get('body')),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    readAt: typeof readAt === 'number' ? readAt : null,
  }
}

export function readInbox(doc: Y.Doc): InboxItem[] {
  const out: InboxItem[] = []
  for (const m of itemsOf(doc)) if (m instanceof Y.Map) out.push(readInboxItem(m))
  return out
}

/**
 * Server only: appends an item unless one with its id is there (a retried delivery). `readAt`:
 * already read (the recipient saw what it tells of live, before it was written).
 */
export function addInboxItem(
  doc: Y.Doc,
  item: Omit<InboxItem, 'readAt'>,
  readAt: number | null = null,
): boolean {
  const items = itemsOf(doc)
  if (items.toArray().some((m) => m instanceof Y.Map && m.get('id') === item.id)) return false
  doc.transact(() => {
    const map = new Y.Map<Value>()
    for (const [k, v] of Object.entries({ ...item, readAt })) map.set(k, v)
    items.push([map])
    if (items.length > MAX_INBOX_ITEMS) items.delete(0, items.length - MAX_INBOX_ITEMS)
  })
  return true
}

/** The owner: marks items read (all unread ones when `ids` is omitted). */
export function markInboxRead(doc: Y.Doc, ids?: readonly string[], now = Date.now()): void {
  doc.transact(() => {
    for (const m of itemsOf(doc)) {
      if (!(m instanceof Y.Map) || m.get('readAt') !== null) continue
      if (!ids || ids.includes(str(m.get('id')))) m.set('readAt', now)
    }
  })
}

/**
 * News sent on the inbox connection as a Hocuspocus stateless message, not stored as an item:
 * "a channel you may read has new messages" (collab-server/notifications/chatActivity.ts), on
 * which the client refreshes its unread counts, and "a reading round you oversee changed"
 * (collab-server/notifications/roundActivity.ts), on which an open round refetches who has
 * submitted. Carries ids only, never text.
 */
export interface ChatActivitySignal {
  type: 'chat.activity'
  orgId: string
  threadId: string
}

export interface RoundActivitySignal {
  type: 'meters.round'
  orgId: string
  roundId: string
}

export type InboxSignal = ChatActivitySignal | RoundActivitySignal

export function encodeInboxSignal(signal: InboxSignal): string {
  return JSON.stringify(signal)
}

export function parseInboxSignal(payload: string): InboxSignal | undefined {
  try {
    const v = JSON.parse(payload) as Record<string, unknown> | null
    if (v?.type === 'chat.activity' && typeof v.orgId === 'string' && typeof v.threadId === 'string') {
      return { type: v.type, orgId: v.orgId, threadId: v.threadId }
    }
    if (v?.type === 'meters.round' && typeof v.orgId === 'string' && typeof v.roundId === 'string') {
      return { type: v.type, orgId: v.orgId, roundId: v.roundId }
    }
  } catch {
    // not ours: ignored
  }
  return undefined
}
