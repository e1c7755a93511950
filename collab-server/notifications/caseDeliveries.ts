import type { InboxKind } from '../../schema/docs/inbox.ts'
import type { NotifyOf } from '../../schema/outbox.ts'
import { can } from '../../schema/policy.ts'
import { loadCaseFacts } from '../../server/access/caseFacts.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * Inbox items about cases (from case creation and the case projection): a new case to those who
 * handle it, a status change to the reporter, assignee and participants, an assignment to the
 * assignee. Everyone is checked with `case.read` on the case as it is now; the actor is skipped.
 */
export type CasePayload = NotifyOf<'case_created' | 'case_status' | 'case_assigned'>

export async function caseDeliveries(db: DB, row: OutboxRow, p: CasePayload): Promise<Delivery[]> {
  const loaded = await loadCaseFacts(db, p.caseId)
  if (!loaded) return []
  const c = await db
    .selectFrom('cases')
    .select(['title', 'number', 'org_id', 'reporter_id'])
    .where('id', '=', p.caseId)
    .executeTakeFirst()
  if (!c) return []
  const { org, facts } = loaded
  let recipients: string[] = []
  let kind: InboxKind
  let body = ''
  if (p.type === 'case_created') {
    kind = 'case_created'
    // Who handles it: the cooperative's board and the managing company's staff.
    const rows = await db
      .selectFrom('memberships')
      .select('user_id')
      .where((eb) =>
        eb.or([
          eb.and([
            eb('org_id', '=', org.id),
            eb('role', 'in', ['board_member', 'property_manager', 'org_admin']),
          ]),
          ...(org.managedBy
            ? [
                eb.and([
                  eb('org_id', '=', org.managedBy),
                  eb('role', 'in', ['property_manager', 'org_admin']),
                ]),
              ]
            : []),
        ]),
      )
      .execute()
    recipients = rows.map((r) => r.user_id)
    body = String(c.number)
  } else if (p.type === 'case_status') {
    kind = 'case_status'
    recipients = [facts.reporterId, ...(facts.assigneeId ? [facts.assigneeId] : []), ...facts.participants]
    body = p.status
  } else if (p.type === 'case_assigned') {
    kind = 'case_assigned'
    recipients = [p.assigneeId]
  } else return []
  const actor = p.actorId
  const out: Delivery[] = []
  for (const userId of new Set(recipients)) {
    if (userId === actor) continue
    const principal = await loadPrincipal(db, { userId, mfaVerified: true })
    if (!can(principal, 'case.read', { type: 'case', org, case: facts })) continue
    out.push({
      userId,
      prefKind: 'case_update',
      item: {
        id: `${row.id}:${userId}`,
        kind,
        orgId: org.id,
        link: `/org/${org.id}/cases/${facts.id}`,
        title: c.title,
        body,
        createdAt: Date.now(),
      },
    })
  }
  return out
}
