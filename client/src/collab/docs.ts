import { HocuspocusProvider } from '@hocuspocus/provider'
import { type Accessor, batch, createRoot, createSignal, onCleanup } from 'solid-js'
import * as Y from 'yjs'
import { parseDocName } from '../../../schema/docs/names.ts'
import { collabToken, idleSocket, sharedSocket } from './socket.ts'

/**
 * Live documents: one HocuspocusProvider per open document on the shared socket, ref-counted, so
 * two components showing the same thread share one Y.Doc and the provider goes away when the
 * last one unmounts.
 *
 * When the server's write guard refuses an update it closes that document's connection with
 * `update_refused: <rule>`. The refused change is still in our Y.Doc (and the provider would
 * resend it forever), so the handle throws the doc away and loads a fresh one from the server:
 * `doc()` changes, and everything built on it (createYArray, createYMap, awareness) follows.
 */
export interface DocHandle {
  readonly name: string
  /** The current Y.Doc; replaced by a fresh one after a refused update. */
  readonly doc: Accessor<Y.Doc>
  readonly provider: Accessor<HocuspocusProvider>
  /** The first sync with the server is done (the content is the server's). */
  readonly synced: Accessor<boolean>
  /** The server opened the document read-only for us. */
  readonly readOnly: Accessor<boolean>
  /** Local changes the server has not acknowledged yet. */
  readonly unsynced: Accessor<number>
  /** Why the server refused to open the document (no access, unknown document…). */
  readonly denied: Accessor<string | undefined>
  /** The last refused update of this session: its rule, and when. */
  readonly refusal: Accessor<Refusal | undefined>
  dismissRefusal(): void
}

export interface Refusal {
  /** The guard's rule, e.g. "thread is locked" (English; for logs and a fallback). */
  rule: string
  code: 'update_refused' | 'document_too_large'
  at: number
}

interface Entry {
  handle: DocHandle
  refs: number
  release: () => void
  destroy: () => void
}

const entries = new Map<string, Entry>()
const [openEntries, setOpenEntries] = createSignal<readonly DocHandle[]>([])
const [lastRefusal, setLastRefusal] = createSignal<Refusal | undefined>()

/** Every open document (the sync indicator sums over them). */
/** The latest refusal on any document (the sync indicator shows it). */
export { lastRefusal, openEntries as openDocs }

/** A refusal reason from the server, or undefined for an ordinary close. */
export function parseRefusal(reason: string | undefined, at = Date.now()): Refusal | undefined {
  if (!reason) return undefined
  if (reason.startsWith('update_refused')) {
    return { code: 'update_refused', rule: reason.slice('update_refused'.length).replace(/^:\s*/, ''), at }
  }
  if (reason.startsWith('document_too_large')) return { code: 'document_too_large', rule: '', at }
  return undefined
}

function openEntry(name: string): Entry {
  return createRoot((dispose) => {
    const [doc, setDoc] = createSignal(new Y.Doc())
    const [provider, setProvider] = createSignal<HocuspocusProvider>(undefined as never)
    const [synced, setSynced] = createSignal(false)
    const [readOnly, setReadOnly] = createSignal(false)
    const [unsynced, setUnsynced] = createSignal(0)
    const [denied, setDenied] = createSignal<string>()
    const [refusal, setRefusal] = createSignal<Refusal>()

    const connect = (ydoc: Y.Doc): HocuspocusProvider => {
      const p = new HocuspocusProvider({
        websocketProvider: sharedSocket(),
        name,
        document: ydoc,
        token: collabToken(),
        onSynced: () => setSynced(true),
        onAuthenticated: ({ scope }) =>
          batch(() => {
            setDenied(undefined)
            setReadOnly(scope === 'readonly')
          }),
        onAuthenticationFailed: ({ reason }) => setDenied(reason),
        onUnsyncedChanges: ({ number }) => setUnsynced(number),
        onClose: ({ event }) => {
          // Only a close addressed to this document carries a refusal; a dropped socket does not,
          // and then the provider resends our edits when it reconnects.
          const refused = parseRefusal(event?.reason)
          if (refused && p === provider()) reload(refused)
        },
      })
      // A fresh awareness state has clock 0, which y-protocols never applies remotely: announce
      // ourselves once (clock 1) so others see us before we touch anything.
      p.awareness?.setLocalStateField('present', true)
      p.attach()
      return p
    }

    const discard = (p: HocuspocusProvider) => {
      // The server already closed this document's connection. Forget the provider before
      // destroying it, so it sends no farewell that the server would queue and replay onto the
      // fresh connection below.
      p.configuration.websocketProvider.configuration.providerMap.delete(p.effectiveName)
      p.detach()
      p.destroy()
      p.document.destroy()
    }

    const reload = (refused: Refusal) => {
      // The old provider must be gone from the socket before the new one registers the same name.
      discard(provider())
      const fresh = new Y.Doc()
      batch(() => {
        setRefusal(refused)
        setLastRefusal(refused)
        setSynced(false)
        setUnsynced(0)
        setDoc(fresh)
        setProvider(() => connect(fresh))
      })
    }

    setProvider(() => connect(doc()))

    const handle: DocHandle = {
      name,
      doc,
      provider,
      synced,
      readOnly,
      unsynced,
      denied,
      refusal,
      dismissRefusal: () => setRefusal(undefined),
    }
    const entry: Entry = {
      handle,
      refs: 0,
      release: () => {
        entry.refs--
        if (entry.refs > 0) return
        // Unmount and remount in one navigation (e.g. a route change) keeps the provider.
        setTimeout(() => {
          if (entry.refs === 0) entry.destroy()
        }, 0)
      },
      destroy: () => {
        entries.delete(name)
        setOpenEntries((all) => all.filter((h) => h !== handle))
        const p = provider()
        p.destroy()
        p.document.destroy()
        dispose()
        if (entries.size === 0) idleSocket()
      },
    }
    return entry
  })
}

/** Opens (or shares) a live document; the caller's owner releases it on cleanup. */
export function acquireDoc(name: string): { handle: DocHandle; release: () => void } {
  const parsed = parseDocName(name)
  if (!parsed.ok) throw new Error(`Not a document name: ${parsed.reason}`)
  let entry = entries.get(name)
  if (!entry) {
    entry = openEntry(name)
    entries.set(name, entry)
    const handle = entry.handle
    setOpenEntries((all) => [...all, handle])
  }
  entry.refs++
  let released = false
  const e = entry
  return {
    handle: e.handle,
    release: () => {
      if (released) return
      released = true
      e.release()
    },
  }
}

/**
 * A live document for the lifetime of the calling component (or root). Pass a fixed name; for
 * a name that changes with the route, key the component on it (`<Show when={name()} keyed>`).
 */
export function useDoc(name: string): DocHandle {
  const { handle, release } = acquireDoc(name)
  onCleanup(release)
  return handle
}
