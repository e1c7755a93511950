import type { NotifyOf } from '../../schema/outbox.ts'
import { APARTMENT_HOLDERS, INVESTOR_ROLES } from '../../schema/policy/finance.ts'
import { can } from '../../schema/policy.ts'
import { portfoliosHolding } from '../../server/access/portfolios.ts'
import { loadOrgRef, loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * "Invoice paid", from the row the settling transaction wrote (api/finance/paidNotice.ts). Who
 * hears of it: the owners and owner's representatives whose membership names the apartment, and
 * the investor roles of portfolios holding it, each checked with `finance.apartment.read`. The
 * item links to My finances in the cooperative (owners) or the portfolio (investors).
 */
export type FinancePayload = NotifyOf<'invoice_paid'>

export async function financeDeliveries(db: DB, row: OutboxRow, p: FinancePayload): Promise<Delivery[]> {
  const invoice = await db
    .selectFrom('finance_invoices as i')
    .innerJoin('apartments as a', (j) =>
      j.onRef('a.org_id', '=', 'i.org_id').onRef('a.id', '=', 'i.apartment_id'),
    )
    .select(['i.org_id', 'i.apartment_id', 'a.number', 'i.period'])
    .select((eb) => eb.fn<string>('to_char', [eb.ref('i.period'), eb.val('YYYY-MM-DD')]).as('period_text'))
    .where('i.id', '=', p.invoiceId)
    .executeTakeFirst()
  if (!invoice) return []
  const org = await loadOrgRef(db, invoice.org_id)
  if (!org) return []
  const heldBy = await portfoliosHolding(db, org.id, invoice.apartment_id)
  const owners = await db
    .selectFrom('memberships')
    .select('user_id')
    .distinct()
    .where('org_id', '=', org.id)
    .where('apartment_id', '=', invoice.apartment_id)
    .where('role', 'in', [...APARTMENT_HOLDERS])
    .execute()
  const investors =
    heldBy.length === 0
      ? []
      : await db
          .selectFrom('memberships')
          .select(['user_id', 'org_id'])
          .distinct()
          .where(
            'org_id',
            'in',
            heldBy.map((h) => h.id),
          )
          .where('role', 'in', [...INVESTOR_ROLES])
          .execute()
  const recipients = new Map<string, string>()
  for (const o of owners) recipients.set(o.user_id, org.id)
  for (const i of investors) if (!recipients.has(i.user_id)) recipients.set(i.user_id, i.org_id)
  const resource = { type: 'finance', org, apartment: { id: invoice.apartment_id, heldBy } } as const
  const out: Delivery[] = []
  for (const [userId, linkOrg] of recipients) {
    const principal = await loadPrincipal(db, { userId, mfaVerified: true })
    if (!can(principal, 'finance.apartment.read', resource)) continue
    out.push({
      userId,
      prefKind: 'announcement',
      item: {
        id: `${row.id}:${userId}`,
        kind: 'invoice_paid',
        orgId: linkOrg,
        link: `/org/${linkOrg}/finance/mine`,
        title: invoice.number,
        body: invoice.period_text,
        createdAt: Date.now(),
      },
    })
  }
  return out
}
