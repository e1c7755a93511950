import type {
  beforeHandleAwarenessPayload,
  Connection,
  connectedPayload,
  Extension,
} from '@hocuspocus/server'
import type { Logger } from '../../server/log.ts'
import { isCollabContext } from '../context.ts'
import type { ConnectionRegistry } from '../registry.ts'

/**
 * Presence: the server writes the user's identity into every awareness state a connection sends,
 * from the authenticated session, so nobody can appear as someone else. And a connection writes
 * only its own slots: awareness states are keyed by the Yjs client id, which any client may put
 * in a frame, so the first connection to announce a client id on a document holds it until it
 * closes, and states for a client id another connection holds are dropped (logged). A provider
 * uses one client id per document; a connection may hold a few (MAX_CLIENT_IDS), no more.
 * Also keeps the registry of live connections that limits and revocation use.
 */
const MAX_CLIENT_IDS = 4

type State = Record<string, unknown>

/**
 * Hocuspocus v4 decodes each incoming awareness message into a scratch Awareness, whose own empty
 * local state is the first entry of `states` and is relayed as if a peer had sent it. It is not
 * the client's: drop it, so it neither takes a slot nor shows as a person.
 */
function dropScratchState(states: Map<number, State>): void {
  if (states.size < 2) return
  const [first] = states
  if (first && Object.keys(first[1] ?? {}).length === 0) states.delete(first[0])
}

export function presenceExtension(registry: ConnectionRegistry, log?: Logger): Extension {
  /** Per document: which connection holds each client id. */
  const holders = new Map<string, Map<number, Connection>>()
  /** Per connection: the client ids it holds (on its one document). */
  const held = new Map<Connection, { doc: string; ids: Set<number> }>()

  const release = (connection: Connection) => {
    const mine = held.get(connection)
    if (!mine) return
    held.delete(connection)
    const map = holders.get(mine.doc)
    for (const id of mine.ids) if (map?.get(id) === connection) map.delete(id)
    if (map?.size === 0) holders.delete(mine.doc)
  }

  /** Whether this connection may write the slot of `clientId` (binding it on first use). */
  const claim = (connection: Connection, doc: string, clientId: number): boolean => {
    const map = holders.get(doc) ?? new Map<number, Connection>()
    holders.set(doc, map)
    const holder = map.get(clientId)
    if (holder) return holder === connection
    const mine = held.get(connection) ?? { doc, ids: new Set<number>() }
    if (mine.ids.size >= MAX_CLIENT_IDS) return false
    held.set(connection, mine)
    mine.ids.add(clientId)
    map.set(clientId, connection)
    return true
  }

  return {
    extensionName: 'kotipiha-presence',
    async connected({ connection, context }: connectedPayload) {
      if (!isCollabContext(context)) return
      registry.add(connection, context)
      connection.onClose(() => {
        registry.remove(connection)
        release(connection)
      })
    },
    async beforeHandleAwareness({ states, context, connection, documentName }: beforeHandleAwarenessPayload) {
      if (!isCollabContext(context) || !connection) {
        states.clear()
        return
      }
      dropScratchState(states)
      for (const [clientId, state] of states) {
        if (!claim(connection, documentName, clientId)) {
          states.delete(clientId)
          log?.warn('collab.presence_refused', { userId: context.userId, doc: documentName, clientId })
          continue
        }
        if (state && typeof state === 'object') state.user = { id: context.userId, name: context.userName }
      }
    },
  }
}
