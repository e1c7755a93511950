import type { Extension, onConfigurePayload } from '@hocuspocus/server'
import * as Y from 'yjs'
import { liveDocWrites } from './docWriter.ts'

/**
 * Applies writes the API made to a stored document (already in the update log) to the copy this
 * instance has open, so its clients see them at once. The origin marks them as logged, so the
 * persistence extension does not append them again.
 */
export const SERVER_LOGGED_ORIGIN = { source: 'server-log' } as const

export function serverWritesExtension(): Extension {
  let unsubscribe: (() => void) | null = null
  return {
    extensionName: 'kotipiha-server-writes',
    async onConfigure({ instance }: onConfigurePayload) {
      unsubscribe = liveDocWrites.subscribe((name, update) => {
        const doc = instance.documents.get(name)
        if (doc) Y.applyUpdate(doc, update, SERVER_LOGGED_ORIGIN)
      })
    },
    async onDestroy() {
      unsubscribe?.()
      unsubscribe = null
    },
  }
}
