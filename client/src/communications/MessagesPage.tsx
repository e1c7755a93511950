import { useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { InboxMessage } from '../../../schema/communications/api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { getMessages, markMessageRead } from './data.ts'
import { messagesChanged } from './live.ts'
import { MessageFiles } from './MessageFiles.tsx'

/**
 * /messages and /org/:orgId/messages: the mass communications sent to me (portal deliveries),
 * newest first, live. Opening one (its details) marks it read, which the sender sees as "read".
 */
export function MessagesPage() {
  const params = useParams<{ orgId?: string }>()
  const [data, { mutate }] = createResource(messagesChanged, () => getMessages())
  const messages = () => (data()?.messages ?? []).filter((m) => !params.orgId || m.orgId === params.orgId)
  const read = async (m: InboxMessage) => {
    if (m.readAt) return
    await markMessageRead(m.deliveryId).catch(() => undefined)
    mutate((d) =>
      d
        ? {
            messages: d.messages.map((x) =>
              x.deliveryId === m.deliveryId ? { ...x, readAt: new Date().toISOString() } : x,
            ),
          }
        : d,
    )
  }
  // Which messages are open, by id: marking one read replaces its row, which must stay open.
  const [opened, setOpened] = createSignal<ReadonlySet<string>>(new Set())
  const toggled = (m: InboxMessage, open: boolean) => {
    if (open === opened().has(m.deliveryId)) return
    const next = new Set(opened())
    if (open) next.add(m.deliveryId)
    else next.delete(m.deliveryId)
    setOpened(next)
    if (open) void read(m)
  }
  return (
    <Page title={t('communications.messagesTitle')} intro={t('communications.messagesIntro')}>
      <Show when={data()}>
        <Show when={messages().length > 0} fallback={<p class="empty">{t('communications.noMessages')}</p>}>
          <ul class="messages" data-testid="messages">
            <For each={messages()}>
              {(m) => (
                <li class="message-card" classList={{ 'message-card--unread': !m.readAt }}>
                  <details
                    open={opened().has(m.deliveryId)}
                    onToggle={(e) => toggled(m, e.currentTarget.open)}
                  >
                    <summary>
                      <Show when={!m.readAt}>
                        <span class="badge">{t('communications.unread')}</span>{' '}
                      </Show>
                      <strong class="message-card__subject">{m.subject}</strong>
                      <span class="muted message-card__meta">
                        {t('communications.from', { org: m.orgName })} · {formatDateTime(m.sentAt)}
                      </span>
                    </summary>
                    <p class="message-card__body">{m.body}</p>
                    <MessageFiles message={m} />
                  </details>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Page>
  )
}
