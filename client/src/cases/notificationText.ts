import type { InboxItem } from '../../../schema/docs/inbox.ts'
import { formatDate, formatDateTime, t } from '../i18n/index.ts'

/**
 * Texts of the task and booking inbox items (see schema/docs/inbox.ts for what title and body
 * hold). A due date is a calendar day: read at local noon so no time zone moves it a day.
 */
export function describeTask(item: InboxItem): string {
  const date = item.body ? formatDate(`${item.body}T12:00:00`) : ''
  switch (item.kind) {
    case 'task_delegated':
      return t('cases.notifications.taskDelegated', { title: item.title })
    case 'task_due':
      return t('cases.notifications.taskDue', { title: item.title, date })
    case 'task_overdue':
      return t('cases.notifications.taskOverdue', { title: item.title, date })
    default:
      return t('cases.notifications.taskAssigned', { title: item.title })
  }
}

export function describeBooking(item: InboxItem): string {
  const [start] = item.body.split('/')
  const time = start && !Number.isNaN(Date.parse(start)) ? formatDateTime(start) : ''
  return item.kind === 'booking_cancelled'
    ? t('cases.notifications.bookingCancelled', { title: item.title, time })
    : t('cases.notifications.bookingConfirmed', { title: item.title, time })
}
