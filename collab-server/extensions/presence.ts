import type { beforeHandleAwarenessPayload, connectedPayload, Extension } from '@hocuspocus/server'
import { isCollabContext } from '../context.ts'
import type { ConnectionRegistry } from '../registry.ts'

/**
 * Presence: the server writes the user's identity into every awareness state a connection sends,
 * from the authenticated session, so nobody can appear as someone else. Also keeps the registry
 * of live connections that limits and revocation use.
 */
export function presenceExtension(registry: ConnectionRegistry): Extension {
  return {
    extensionName: 'kotipiha-presence',
    async connected({ connection, context }: connectedPayload) {
      if (!isCollabContext(context)) return
      registry.add(connection, context)
      connection.onClose(() => registry.remove(connection))
    },
    async beforeHandleAwareness({ states, context }: beforeHandleAwarenessPayload) {
      if (!isCollabContext(context)) {
        states.clear()
        return
      }
      for (const state of states.values()) {
        if (state && typeof state === 'object') state.user = { id: context.userId, name: context.userName }
      }
    },
  }
}
