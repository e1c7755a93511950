import * as Y from 'yjs'
import { INBOX_ITEMS } from '../../schema/docs/inbox.ts'
import type { KindRules } from './rules.ts'

/**
 * The inbox's write rules: the server writes items through direct connections (never judged);
 * the owner, the only one who can open it, may set `readAt` to a time on an existing item,
 * overwriting null, and nothing else.
 */
export const inboxRules: KindRules = {
  check(_doc, { inserts, deletes }) {
    const written = new Set<string>()
    for (const { item, path } of inserts) {
      if (
        path.at !== 'nested' ||
        path.container.source !== 'doc' ||
        path.container.path.at !== 'root' ||
        path.container.path.root !== INBOX_ITEMS ||
        path.key !== 'readAt'
      )
        return 'only marking items read is allowed'
      const c = item.content
      if (!(c instanceof Y.ContentAny) || c.arr.length !== 1 || typeof c.arr[0] !== 'number')
        return 'readAt must be a time'
      const { id } = path.container.item
      written.add(`${id.client}:${id.clock}`)
    }
    for (const { path } of deletes) {
      // The only deletion allowed is the overwritten previous readAt value.
      if (path.at !== 'nested' || path.key !== 'readAt') return 'inbox items cannot be removed'
      const { id } = path.container.item
      if (!written.has(`${id.client}:${id.clock}`)) return 'inbox items cannot be removed'
    }
    return null
  },
}
