import { A, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { isCaseStatus } from '../../../schema/cases.ts'
import type { InboxItem } from '../../../schema/docs/inbox.ts'
import { UnreadMessages } from '../communications/UnreadMessages.tsx'
import { describeInvoicePaid } from '../finance/notices.ts'
import { describeErasureRefused } from '../gdpr/notices.ts'
import { t, tPlural } from '../i18n/index.ts'
import { describeRoundOpened } from '../meters/live.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'
import { ensureInbox, inboxItems, markRead } from './inbox.ts'
import { formatDateTime } from './labels.tsx'
import { describeBooking, describeTask } from './notificationText.ts'

/** /org/:orgId/notifications: the live inbox, newest first; mark one or all read. */
export function NotificationsPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  ensureInbox(me().user.id)
  const items = () => [...inboxItems()].filter((i) => i.orgId === params.orgId || i.orgId === null).reverse()
  const unread = () => items().filter((i) => i.readAt === null)
  return (
    <Page title={t('cases.notifications.title')} wide>
      <div class="cases__bar">
        <button
          type="button"
          class="button button--secondary button--small"
          disabled={unread().length === 0}
          onClick={() => markRead(unread().map((i) => i.id))}
        >
          {t('cases.notifications.markAll')}
        </button>
        <p class="muted" role="status">
          {tPlural('cases.notifications.unread', unread().length)}
        </p>
      </div>
      <Show when={items().length > 0} fallback={<p class="empty">{t('cases.notifications.empty')}</p>}>
        <ul class="notifications">
          <For each={items()}>{(item) => <Notification item={item} />}</For>
        </ul>
      </Show>
      <UnreadMessages orgId={params.orgId} />
    </Page>
  )
}

function describe(item: InboxItem): string {
  switch (item.kind) {
    case 'case_created':
      return t('cases.notifications.caseCreated', { title: item.title, number: item.body })
    case 'case_status':
      return t('cases.notifications.caseStatus', {
        title: item.title,
        status: isCaseStatus(item.body) ? t(`cases.status.${item.body}`) : item.body,
      })
    case 'case_assigned':
      return t('cases.notifications.caseAssigned', { title: item.title })
    case 'mention':
      return t('cases.notifications.mention', { title: item.title })
    case 'task_assigned':
    case 'task_delegated':
    case 'task_due':
    case 'task_overdue':
      return describeTask(item)
    case 'booking_confirmed':
    case 'booking_cancelled':
      return describeBooking(item)
    case 'invoice_paid':
      return describeInvoicePaid(item)
    case 'erasure_refused':
      return describeErasureRefused(item)
    case 'reading_round':
      return describeRoundOpened(item)
    default:
      return t('cases.notifications.message', { title: item.title })
  }
}

function Notification(props: { item: InboxItem }) {
  const i = () => props.item
  return (
    <li class="notification" classList={{ 'notification--unread': i().readAt === null }}>
      <A href={i().link} onClick={() => markRead([i().id])} class="notification__link">
        <span class="notification__text">{describe(i())}</span>
        <Show when={i().kind === 'message' || i().kind === 'mention'}>
          <span class="notification__body">{i().body}</span>
        </Show>
        <span class="muted">{formatDateTime(i().createdAt)}</span>
      </A>
      <Show when={i().readAt === null}>
        <button type="button" class="button button--quiet button--small" onClick={() => markRead([i().id])}>
          {t('cases.notifications.markRead')}
        </button>
      </Show>
    </li>
  )
}
