import { WebSocketStatus } from '@hocuspocus/provider'
import { createEffect, createMemo, createRoot, createSignal, on, onCleanup } from 'solid-js'
import { lastRefusal, openDocs } from './docs.ts'
import { browserOnline, socketStatus } from './socket.ts'

/**
 * What the header tells the user about their live documents:
 *   idle     nothing live is open (the indicator hides)
 *   offline  the socket is down; edits stay in the document and are sent on reconnect
 *   saving   the server has not acknowledged every local change yet
 *   saved    everything is stored on the server
 *   refused  the server refused a change a moment ago (the document was reloaded)
 */
export type SyncState = 'idle' | 'offline' | 'saving' | 'saved' | 'refused'

/** How long "refused" stays in the header after a refusal. */
export const REFUSED_SHOWN_MS = 8_000

export const syncState = createRoot(() => {
  const [refusedShown, setRefusedShown] = createSignal(false)
  createEffect(
    on(lastRefusal, (refusal) => {
      if (!refusal) return
      setRefusedShown(true)
      const timer = setTimeout(() => setRefusedShown(false), REFUSED_SHOWN_MS)
      onCleanup(() => clearTimeout(timer))
    }),
  )
  return createMemo<SyncState>(() => {
    const docs = openDocs()
    if (docs.length === 0) return 'idle'
    if (refusedShown()) return 'refused'
    if (!browserOnline() || socketStatus() !== WebSocketStatus.Connected) return 'offline'
    if (docs.some((d) => d.unsynced() > 0 || !d.synced())) return 'saving'
    return 'saved'
  })
})
