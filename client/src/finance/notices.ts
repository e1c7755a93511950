import { revalidate } from '@solidjs/router'
import { createEffect, on } from 'solid-js'
import type { InboxItem } from '../../../schema/docs/inbox.ts'
import { inboxItems, markRead } from '../cases/inbox.ts'
import { t } from '../i18n/index.ts'
import { getMine } from './data.ts'
import { monthName } from './format.ts'

/** "Invoice paid" inbox items (title = apartment number, body = the period's first day). */
export function describeInvoicePaid(item: InboxItem): string {
  const period = /^\d{4}-\d{2}-\d{2}$/.test(item.body) ? monthName(item.body) : item.body
  return t('finance.invoicePaid', { apartment: item.title, period })
}

const paidItems = (orgId: string) =>
  inboxItems().filter((i) => i.kind === 'invoice_paid' && i.orgId === orgId)

/** The "My finances" badge: unread paid-invoice notices of this organisation. */
export function unreadPaid(orgId: string): number {
  return paidItems(orgId).filter((i) => i.readAt === null).length
}

/**
 * On My finances: a new paid notice (live from the inbox) reloads the invoices without a page
 * reload, and the notices count as read once the page shows them.
 */
export function useLivePaidNotices(orgId: () => string): void {
  createEffect(
    on(
      () => paidItems(orgId()).length,
      (count, previous) => {
        if (previous !== undefined && count !== previous) void revalidate(getMine.key)
        const unread = paidItems(orgId())
          .filter((i) => i.readAt === null)
          .map((i) => i.id)
        if (unread.length > 0) markRead(unread)
      },
    ),
  )
}
