import { A } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { formatDateTime, t } from '../i18n/index.ts'
import { getMessages } from './data.ts'
import { messagesChanged } from './live.ts'

/**
 * The organisation's unread mass communications on the Notifications page, live (the same signal
 * as the Messages page); each links to the Messages page, where opening it marks it read. Own
 * classes, below the inbox list: `.notifications`/`.notification` stay the inbox's alone.
 */
export function UnreadMessages(props: { orgId: string }) {
  const [data] = createResource(messagesChanged, () => getMessages())
  const unread = () => (data()?.messages ?? []).filter((m) => m.orgId === props.orgId && m.readAt === null)
  return (
    <Show when={unread().length > 0}>
      <section aria-labelledby="unread-messages-title" class="unread-messages">
        <h2 id="unread-messages-title">
          {t('communications.unreadOnNotifications', { count: unread().length })}
        </h2>
        <ul class="unread-messages__list">
          <For each={unread()}>
            {(m) => (
              <li class="unread-messages__item">
                <A href={`/org/${props.orgId}/messages`} class="unread-messages__link">
                  <strong>{m.subject}</strong>
                  <span class="muted">{formatDateTime(m.sentAt)}</span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
