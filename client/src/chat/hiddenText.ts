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
    const history = await api
      .get<MessageHistory>(`/threads/${threadId}/messages/${messageId}/history`)
      .catch(() => null)
    return history?.versions.filter((v) => !v.deleted && v.text).at(-1)?.text
  })
  return text
}
