import { createEffect, createRoot, createSignal } from 'solid-js'
import { api } from '../api.ts'
import { chatActivity, inboxItems, inboxSynced, markReadByLink } from '../cases/inbox.ts'

/**
 * Unread messages per standing channel of an organisation (`GET /api/threads/unread`: others'
 * messages after my last read position), shared by the channel list and the Chat nav badge so
 * the two always show the same numbers.
 *
 * Live: a chat notification in my inbox (a thread I take part in, a mention) refreshes at once,
 * and so does the server's "chat.activity" signal on the inbox connection for channels I only
 * read (collab-server/notifications/chatActivity.ts). Both follow the messages projection, which
 * trails a write by the compaction delay (≤ 10 s). A slow poll while the page is visible covers
 * a signal missed during a reconnect.
 */
export interface ChannelUnread {
  threads: Readonly<Record<string, number>>
  total: number
}

interface OrgUnread {
  data: () => ChannelUnread
  refresh: () => Promise<void>
}

const REFRESH_MS = 60_000
const byOrg = new Map<string, OrgUnread>()

function open(orgId: string): OrgUnread {
  return createRoot(() => {
    const [data, setData] = createSignal<ChannelUnread>({ threads: {}, total: 0 })
    let inFlight: Promise<void> | undefined
    // News during a request may be newer than what it reads: ask once more when it is back.
    let again = false
    const refresh = (): Promise<void> => {
      if (inFlight) {
        again = true
        return inFlight
      }
      inFlight = api
        .get<ChannelUnread>(`/threads/unread?org=${encodeURIComponent(orgId)}`)
        .then((fresh) => {
          setData(fresh)
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined
          if (again) {
            again = false
            void refresh()
          }
        })
      return inFlight
    }
    void refresh()
    setInterval(() => {
      if (document.visibilityState === 'visible') void refresh()
    }, REFRESH_MS)
    // New chat notifications, not the inbox's first load (the request above covers that).
    let seen: number | undefined
    createEffect(() => {
      const count = inboxItems().filter((i) => i.orgId === orgId && i.link.includes('/chat/')).length
      if (!inboxSynced()) return
      if (seen !== undefined && count !== seen) void refresh()
      seen = count
    })
    createEffect(() => {
      if (chatActivity()?.orgId === orgId) void refresh()
    })
    return { data, refresh }
  })
}

export function chatUnread(orgId: string): ChannelUnread {
  let entry = byOrg.get(orgId)
  if (!entry) {
    entry = open(orgId)
    byOrg.set(orgId, entry)
  }
  return entry.data()
}

/** I have seen this channel up to now: its count, its notifications and the badge drop together. */
export async function markChannelRead(orgId: string, threadId: string): Promise<void> {
  await api.post<{ ok: true }>(`/threads/${threadId}/read`, {}).catch(() => undefined)
  markReadByLink(`/org/${orgId}/chat/${threadId}`)
  await byOrg.get(orgId)?.refresh()
}
