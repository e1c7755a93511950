import { createEffect, createRoot, createSignal, onCleanup } from 'solid-js'
import type { ChatActivitySignal, InboxItem, RoundActivitySignal } from '../../../schema/docs/inbox.ts'
import { inboxDocName } from '../../../schema/docs/names.ts'
import type { DocHandle } from '../collab/docs.ts'
import { createYArray } from '../collab/yjs.ts'
import { getMe } from '../session.ts'

/**
 * The signed-in user's live inbox (`user/<id>/inbox`), opened once for the whole session: the
 * navigation badges (Cases, Chat, Notifications) and the notifications page read it, so they
 * change the moment the server writes an item.
 */
let opened:
  | {
      userId: string
      items: readonly InboxItem[]
      handle: DocHandle
      markRead(ids?: readonly string[]): void
    }
  | undefined
let opening: string | undefined
const [version, setVersion] = createSignal(0)
let pending: Promise<void> | undefined
const [chatSignal, setChatSignal] = createSignal<ChatActivitySignal & { at: number }>()
const [roundSignal, setRoundSignal] = createSignal<RoundActivitySignal & { at: number }>()

/**
 * The document code (Yjs, the websocket provider: about 30 KB brotli) is loaded, not imported:
 * this module feeds the navigation's badges, so it is in the first page's script, and the badges
 * can wait for the first render where the page cannot.
 */
function open(userId: string) {
  if (opened?.userId === userId || opening === userId) return
  opening = userId
  Promise.all([import('../collab/docs.ts'), import('../../../schema/docs/inbox.ts')])
    .then(([{ acquireDoc }, inbox]) => {
      if (opening !== userId) return
      opening = undefined
      createRoot(() => {
        const { handle } = acquireDoc(inboxDocName(userId))
        const items = createYArray(
          () => inbox.itemsOf(handle.doc()),
          (m) =>
            m && typeof (m as { get?: unknown }).get === 'function' ? inbox.readInboxItem(m) : undefined,
        )
        opened = { userId, items, handle, markRead: (ids) => inbox.markInboxRead(handle.doc(), ids) }
        // Stateless news on the same connection; the provider is replaced after a refused update.
        createEffect(() => {
          const provider = handle.provider()
          const onStateless = ({ payload }: { payload: string }) => {
            const signal = inbox.parseInboxSignal(payload)
            if (signal?.type === 'chat.activity') setChatSignal({ ...signal, at: Date.now() })
            else if (signal?.type === 'meters.round') setRoundSignal({ ...signal, at: Date.now() })
          }
          provider.on('stateless', onStateless)
          onCleanup(() => provider.off('stateless', onStateless))
        })
        setVersion((v) => v + 1)
      })
    })
    .catch(() => {
      // A chunk gone after a deploy reloads the page (main.tsx); otherwise the next read retries.
      if (opening === userId) opening = undefined
    })
}

/** Opens the inbox of `userId` (or of whoever is signed in, looked up once). */
export function ensureInbox(userId?: string): void {
  if (userId) {
    open(userId)
    return
  }
  if (opened || pending) return
  // The session's query (deduplicated and cached), not a second GET /api/me.
  pending = getMe()
    .then((me) => {
      if (me) open(me.user.id)
    })
    .catch(() => undefined)
    .finally(() => {
      pending = undefined
    })
}

/** The latest "a channel you may read has new messages" signal (ids only), for unread counts. */
export function chatActivity(): (ChatActivitySignal & { at: number }) | undefined {
  ensureInbox()
  return chatSignal()
}

/** The latest "a reading round you oversee changed" signal (ids only): round pages refetch. */
export function roundActivity(): (RoundActivitySignal & { at: number }) | undefined {
  ensureInbox()
  return roundSignal()
}

/** The inbox has loaded from the server (its first items are not news). */
export function inboxSynced(): boolean {
  version()
  return opened?.handle.synced() ?? false
}

export function inboxItems(): readonly InboxItem[] {
  version()
  ensureInbox()
  return opened?.items ?? []
}

export type InboxArea = 'cases' | 'chat' | 'tasks' | 'all'

export function inAreaOf(item: InboxItem, area: InboxArea): boolean {
  if (area === 'all') return true
  if (area === 'tasks') return item.kind.startsWith('task_')
  return area === 'cases' ? item.link.includes('/cases/') : item.link.includes('/chat/')
}

/** Unread items of one organisation (and area): the badge numbers. */
export function unreadCount(orgId: string, area: InboxArea): number {
  return inboxItems().filter((i) => i.readAt === null && i.orgId === orgId && inAreaOf(i, area)).length
}

/** Marks items read (all unread when no ids): the only write the server accepts from us. */
export function markRead(ids?: readonly string[]): void {
  opened?.markRead(ids)
}

/** Marks read everything that points at `link` (opening a case reads its notifications). */
export function markReadByLink(link: string): void {
  const ids = inboxItems()
    .filter((i) => i.readAt === null && i.link === link)
    .map((i) => i.id)
  if (ids.length > 0) markRead(ids)
}
