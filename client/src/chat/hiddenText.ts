import { createResource, type Resource } from 'solid-js'
import type { MessageHistory } from '../../../schema/api/threads.ts'
import { api } from '../api.ts'

/**
 * A hidden message's text is not in the live document (every reader holds it); moderators read
 * it from the message's history (`GET /api/threads/:id/messages/:messageId/history`), which the
 * collab server records as the hide arrives. Undefined while not needed or not found.
 */
export function createHiddenText(
  source: () => { threadId: string; messageId: string } | undefined,
): Resource<string | undefined> {
  const [text] = createResource(source, async ({ threadId, messageId }) => {
    // The hide reaches this view before the server has recorded the history: ask again a few times.
    for (let attempt = 0; attempt < 8; attempt++) {
      const history = await api
        .get<MessageHistory>(`/threads/${threadId}/messages/${messageId}/history`)
        .catch(() => null)
      const found = history?.versions.filter((v) => !v.deleted && v.text).at(-1)?.text
      if (found) return found
      await new Promise((resolve) => setTimeout(resolve, 750 * (attempt + 1)))
    }
    return undefined
  })
  return text
}
