import type { OrgRef } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'

/** The portfolios (rows) whose holdings name this apartment of this cooperative. */
export async function portfoliosHolding(
  db: DB,
  cooperativeId: string,
  apartmentId: string,
): Promise<OrgRef[]> {
  const rows = await db
    .selectFrom('portfolio_apartments as pa')
    .innerJoin('organisations as o', 'o.id', 'pa.org_id')
    .select(['o.id', 'o.kind', 'o.status', 'o.managed_by'])
    .where('pa.cooperative_id', '=', cooperativeId)
    .where('pa.apartment_id', '=', apartmentId)
    .execute()
  return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by }))
}
