import { createEffect, on, onCleanup } from 'solid-js'
import * as Y from 'yjs'
import { messagesOf, readMessage } from '../../../schema/docs/thread.ts'
import { useDoc } from '../collab/docs.ts'
import { createYArray } from '../collab/yjs.ts'

/**
 * Someone else's message that arrives while a thread is on screen has been seen: `onSeen` runs
 * (the page marks the thread read, and its notifications). The notice for that message trails
 * it by the compaction delay, so the read position written now is what lets the notifier store
 * the item already read, even when the reader has left the page before it came (issue 20).
 * While the tab is hidden nothing is seen; the next time it shows, it is.
 * Renders nothing; shares the thread's live document with the view (ref-counted).
 */
export function SeenLive(props: { document: string; myId: string; onSeen: () => void }) {
  const handle = useDoc(props.document)
  const messages = createYArray(
    () => messagesOf(handle.doc()),
    (item) => (item instanceof Y.Map ? readMessage(item) : undefined),
  )
  let unseen = false
  let last = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const seen = () => {
    if (document.visibilityState !== 'visible') {
      unseen = true
      return
    }
    unseen = false
    // At most once a second; a burst is read with its last message.
    const wait = last + 1000 - Date.now()
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = undefined
        seen()
      }, wait)
      return
    }
    last = Date.now()
    props.onSeen()
  }
  createEffect(
    on(
      () => messages.length,
      (count, before) => {
        if (!handle.synced() || before === undefined || count <= before) return
        if (messages[count - 1]?.authorId !== props.myId) seen()
      },
    ),
  )
  const onVisible = () => {
    if (unseen && document.visibilityState === 'visible') seen()
  }
  document.addEventListener('visibilitychange', onVisible)
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisible)
    if (timer) clearTimeout(timer)
  })
  return null
}
