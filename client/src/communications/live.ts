import { createEffect, createRoot, createSignal, onCleanup } from 'solid-js'
import { inboxDocName } from '../../../schema/docs/names.ts'
import { getMe } from '../session.ts'

/**
 * "Something changed" for messages and announcements, live: the server sends a stateless
 * `communications` signal on the user's inbox connection (collab-server/communications/relay.ts)
 * after their portal deliveries go out or an announcement starts; the pages fetch again over
 * HTTP, where the server decides what this person sees. A slow poll covers a lost signal.
 */
const [messagesVersion, setMessagesVersion] = createSignal(0)
const [announcementsVersion, setAnnouncementsVersion] = createSignal(0)
let started = false
const POLL_MS = 60_000

/** The inbox's document code (Yjs) loads after the first render: a signal is news, never content. */
async function listen(userId: string) {
  const { acquireDoc } = await import('../collab/docs.ts')
  createRoot(() => {
    const { handle } = acquireDoc(inboxDocName(userId))
    createEffect(() => {
      const provider = handle.provider()
      const onStateless = ({ payload }: { payload: string }) => {
        try {
          const v = JSON.parse(payload) as { type?: string; what?: string }
          if (v.type !== 'communications') return
          if (v.what === 'announcements') setAnnouncementsVersion((n) => n + 1)
          else setMessagesVersion((n) => n + 1)
        } catch {
          // another module's signal
        }
      }
      provider.on('stateless', onStateless)
      onCleanup(() => provider.off('stateless', onStateless))
    })
    const poll = setInterval(() => {
      setMessagesVersion((n) => n + 1)
      setAnnouncementsVersion((n) => n + 1)
    }, POLL_MS)
    onCleanup(() => clearInterval(poll))
  })
}

export function ensureCommunicationsLive(): void {
  if (started) return
  started = true
  void getMe()
    .then((me) => {
      if (me) return listen(me.user.id)
      started = false
    })
    .catch(() => {
      started = false
    })
}

export function messagesChanged(): number {
  ensureCommunicationsLive()
  return messagesVersion()
}
export function announcementsChanged(): number {
  ensureCommunicationsLive()
  return announcementsVersion()
}
