import { batch, createComputed, createMemo, createSignal, untrack } from 'solid-js'
import type { ThreadArchivePage } from '../../../schema/api/threads.ts'
import type { ThreadMessage } from '../../../schema/docs/thread.ts'
import { api } from '../api.ts'
import { initialWindow, WINDOW_STEP } from './window.ts'

/**
 * What a thread view renders: the live document's messages, after the archived ones fetched so
 * far (a thread document keeps only its newest messages; server/threads/archive.ts),
 * windowed from the newest.
 *
 * The window's first message is held by id, not index: new messages extend it at the bottom
 * instead of sliding it under a reader who scrolled up, and an archive round (which removes the
 * oldest live messages from the document) changes nothing on screen: the messages it removes
 * are kept here as archived ones, which is what they now are.
 */
export interface Timeline {
  /**
   * Oldest first. The same objects from run to run (the live ones are the store's), so a list
   * rendered with <For> keeps its rows when one message changes.
   */
  messages: () => readonly ThreadMessage[]
  /** Left the live document: read-only, from the archive. */
  isArchived: (id: string) => boolean
  /** Earlier messages exist: more live ones outside the window, or (maybe) archived ones. */
  hasEarlier: () => boolean
  /** Live messages outside the window (the archive's size is not known ahead). */
  hiddenLive: () => number
  loading: () => boolean
  failed: () => boolean
  /** Replaces an archived message as the server now has it (a moderator hid or unhid it). */
  updateArchived: (message: ThreadMessage) => void
  /**
   * Widens the window by one step, fetching an archive page when the live part is used up.
   * `around` wraps the synchronous widening (the view keeps its scroll position there).
   */
  showEarlier: (around?: (widen: () => void) => void) => Promise<void>
}

export function fetchArchive(threadId: string, before: string | undefined): Promise<ThreadArchivePage> {
  const query = new URLSearchParams({ limit: String(WINDOW_STEP) })
  if (before) query.set('before', before)
  return api.get<ThreadArchivePage>(`/threads/${threadId}/archive?${query}`)
}

export function createTimeline(
  threadId: () => string,
  live: readonly ThreadMessage[],
  fetchPage: typeof fetchArchive = fetchArchive,
): Timeline {
  const [archived, setArchived] = createSignal<readonly ThreadMessage[]>([])
  // undefined: not asked yet; the first time the window reaches the top of the live part.
  const [archiveMore, setArchiveMore] = createSignal<boolean>()
  const [firstId, setFirstId] = createSignal<string>()
  // The reader asked for earlier messages and waits for an archive page.
  const [waiting, setWaiting] = createSignal(false)
  const [failed, setFailed] = createSignal(false)

  // Messages an archive round takes out of the document while this view is open: a prefix of
  // what the document held before. Anything else (a document reloaded after a refusal) is not.
  let previous: ThreadMessage[] = []
  createComputed(() => {
    const now = live.map((m) => ({ ...m, attachments: [...m.attachments] }))
    const before = previous
    previous = now
    if (now.length === 0 || before.length === 0) return
    const kept = before.findIndex((m) => m.id === now[0]!.id)
    if (kept <= 0) return
    untrack(() => {
      const known = new Set(archived().map((m) => m.id))
      const taken = before.slice(0, kept).filter((m) => !known.has(m.id))
      if (taken.length > 0) setArchived((list) => [...list, ...taken])
    })
  })

  const liveIds = createMemo(() => new Set(live.map((m) => m.id)))
  const all = createMemo<readonly ThreadMessage[]>(() => {
    const inLive = liveIds()
    return [...archived().filter((m) => !inLive.has(m.id)), ...live]
  })

  createComputed(() => {
    if (firstId() === undefined && all().length > 0) {
      const list = all()
      setFirstId(list[Math.max(0, list.length - initialWindow())]?.id)
    }
  })
  const start = createMemo(() => {
    const id = firstId()
    if (id === undefined) return 0
    const at = all().findIndex((e) => e.id === id)
    return Math.max(at, 0)
  })
  const hiddenLive = () => Math.max(0, start() - (all().length - live.length))

  let inFlight: Promise<boolean> | undefined
  function loadPage(): Promise<boolean> {
    if (archiveMore() === false) return Promise.resolve(false)
    inFlight ??= (async () => {
      setFailed(false)
      try {
        const page = await fetchPage(threadId(), all()[0]?.id)
        batch(() => {
          const known = new Set(all().map((m) => m.id))
          const fresh = page.messages.filter((m) => !known.has(m.id))
          setArchived((list) => [...fresh, ...list])
          setArchiveMore(page.more && fresh.length > 0)
        })
        return true
      } catch {
        setFailed(true)
        return false
      } finally {
        inFlight = undefined
      }
    })()
    return inFlight
  }

  // One step before the top of what is loaded, fetch the next archive page, so the step that
  // needs it finds it there (and the button is not offered for a thread without an archive).
  createComputed(() => {
    if (firstId() !== undefined && start() <= WINDOW_STEP && archiveMore() !== false && !failed())
      untrack(() => void loadPage())
  })

  return {
    messages: createMemo(() => all().slice(start())),
    isArchived: (id) => !liveIds().has(id),
    updateArchived: (message) => setArchived((list) => list.map((m) => (m.id === message.id ? message : m))),
    // A failed fetch leaves the button there to try again.
    hasEarlier: () =>
      start() > 0 || archiveMore() === true || waiting() || (failed() && archiveMore() !== false),
    hiddenLive,
    loading: waiting,
    failed,
    async showEarlier(around = (widen) => widen()) {
      if (start() === 0) {
        setWaiting(true)
        const loaded = await loadPage().finally(() => setWaiting(false))
        if (!loaded || start() === 0) return
      }
      around(() => {
        const from = Math.max(0, start() - WINDOW_STEP)
        setFirstId(all()[from]?.id)
      })
    },
  }
}

/** Moderation of an archived message (it is no longer in the document). */
export function setArchivedHidden(
  threadId: string,
  messageId: string,
  change: { hidden: true; reason: string } | { hidden: false },
): Promise<ThreadMessage> {
  const path = `/threads/${threadId}/archive/${messageId}/${change.hidden ? 'hide' : 'unhide'}`
  return api
    .post<{ message: ThreadMessage }>(path, change.hidden ? { reason: change.reason } : {})
    .then((r) => r.message)
}
