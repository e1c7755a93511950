import type { InboxItem } from '../../../schema/docs/inbox.ts'
import { t } from '../i18n/index.ts'

/** "Your erasure request was refused" (title = the refusing organisation, body = its reason). */
export function describeErasureRefused(item: InboxItem): string {
  return t('gdpr.notice.refused', { org: item.title, reason: item.body })
}
