import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js'
import type { MessageHistory } from '../../../schema/api/threads.ts'
import { api } from '../api.ts'

/**
 * A hidden message's text is not in the live document (every reader holds it); moderators read
 * it from the message's history (`GET /api/threads/:id/messages/:messageId/history`), which the
 * collab server records as the hide arrives. Undefined while not needed or not found.
 *
 * A signal fed by an effect, not a resource: a resource read while it loads suspends the nearest
 * Suspense boundary, and the whole thread view was swapped out and back while the history was
 * asked again (buttons detached under the user's pointer, seen in e2e/threadWindow.test.ts).
 */
export function createHiddenText(
  source: () => { threadId: string; messageId: string } | undefined,
): Accessor<string | undefined> {
  const [text, setText] = createSignal<string | undefined>()
  const key = () => {
    const s = source()
    return s ? `${s.threadId}/${s.messageId}` : undefined
  }
  createEffect(
    // Keyed by the message, so an unrelated change to it does not ask again.
    on(key, (k) => {
      setText(undefined)
      const wanted = k ? source() : undefined
      if (!wanted) return
      let gone = false
      onCleanup(() => {
        gone = true
      })
      void (async () => {
        // The hide reaches this view before the server has recorded the history: ask again a few times.
        for (let attempt = 0; attempt < 8 && !gone; attempt++) {
          const history = await api
            .get<MessageHistory>(`/threads/${wanted.threadId}/messages/${wanted.messageId}/history`)
            .catch(() => null)
          const found = history?.versions.filter((v) => !v.deleted && v.text).at(-1)?.text
          if (gone) return
          if (found) return setText(found)
          await new Promise((resolve) => setTimeout(resolve, 750 * (attempt + 1)))
        }
      })()
    }),
  )
  return text
}
