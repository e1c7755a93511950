import { WebSocketStatus } from '@hocuspocus/provider'
import { createEffect, createMemo, createRoot, createSignal, on, onCleanup } from 'solid-js'
import { parseDocName } from '../../../schema/docs/names.ts'
import { type DocHandle, lastRefusal, openDocs } from './docs.ts'
import { browserOnline, socketStatus } from './socket.ts'

/**
 * What the header tells the user about their live documents:
 *   idle     no document the user edits is open (the indicator hides)
 *   offline  the socket is down; edits stay in the document and are sent on reconnect
 *   saving   the server has not acknowledged every local change yet
 *   saved    everything is stored on the server
 *   refused  the server refused a change a moment ago (the document was reloaded)
 */
export type SyncState = 'idle' | 'offline' | 'saving' | 'saved' | 'refused'

/** How long "refused" stays in the header after a refusal. */
export const REFUSED_SHOWN_MS = 8_000

/**
 * Documents the user writes into. The inbox is open for the whole session and a booking calendar
 * on the bookings page, but only the server writes them (a booking goes over HTTP), so "Saved"
 * beside them told people that something of theirs was saved when nothing was.
 */
export function editable(handle: DocHandle): boolean {
  const parsed = parseDocName(handle.name)
  return parsed.ok && parsed.doc.kind !== 'inbox' && parsed.doc.kind !== 'calendar'
}

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
    const docs = openDocs().filter(editable)
    if (docs.length === 0) return 'idle'
    if (refusedShown()) return 'refused'
    if (!browserOnline() || socketStatus() !== WebSocketStatus.Connected) return 'offline'
    if (docs.some((d) => d.unsynced() > 0 || !d.synced())) return 'saving'
    return 'saved'
  })
})
