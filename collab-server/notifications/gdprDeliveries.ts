import type { NotifyOf } from '../../schema/outbox.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * "Your erasure request was refused", from the row the refusal wrote (api/gdpr/orgRoutes.ts): to
 * the person who asked, and nobody else. The item names the refusing organisation and carries the
 * staff's reason; it belongs to that organisation (its Notifications badge counts it) and links
 * to My data, where the request shows as refused with the reason and may be asked again. The
 * email, per the person's preferences, is written in their language by `notificationMail`. No
 * policy question: it is the person's own request. A request that is no longer refused (asked
 * again is a new row, so only an erasure) or a person already erased tells nobody.
 */
export type GdprPayload = NotifyOf<'erasure_refused'>

export async function gdprDeliveries(db: DB, row: OutboxRow, p: GdprPayload): Promise<Delivery[]> {
  const request = await db
    .selectFrom('erasure_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('organisations as o', 'o.id', 'r.refused_org_id')
    .select(['r.user_id', 'r.refusal_reason', 'r.refused_at', 'o.id as org_id', 'o.name as org_name'])
    .where('r.id', '=', p.requestId)
    .where('r.status', '=', 'refused')
    .where('u.erased_at', 'is', null)
    .executeTakeFirst()
  if (!request) return []
  return [
    {
      userId: request.user_id,
      prefKind: 'announcement',
      item: {
        id: `${row.id}:${request.user_id}`,
        kind: 'erasure_refused',
        orgId: request.org_id,
        link: '/profile/data',
        title: request.org_name,
        body: request.refusal_reason ?? '',
        createdAt: request.refused_at?.getTime() ?? Date.now(),
      },
    },
  ]
}
