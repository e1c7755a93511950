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

/** The portfolios holding each of many apartments, by (cooperative, apartment). */
export interface Holdings {
  get(cooperativeId: string, apartmentId: string): OrgRef[]
}

/** `portfoliosHolding` for many apartments in one statement (one per apartment was an N+1). */
export async function portfoliosHoldingMany(
  db: DB,
  apartments: readonly { cooperativeId: string; apartmentId: string }[],
): Promise<Holdings> {
  const out = new Map<string, OrgRef[]>()
  const key = (cooperativeId: string, apartmentId: string) => `${cooperativeId}:${apartmentId}`
  if (apartments.length > 0) {
    const rows = await db
      .selectFrom('portfolio_apartments as pa')
      .innerJoin('organisations as o', 'o.id', 'pa.org_id')
      .select(['pa.cooperative_id', 'pa.apartment_id', 'o.id', 'o.kind', 'o.status', 'o.managed_by'])
      .where('pa.apartment_id', 'in', [...new Set(apartments.map((a) => a.apartmentId))])
      .where('pa.cooperative_id', 'in', [...new Set(apartments.map((a) => a.cooperativeId))])
      .execute()
    for (const r of rows) {
      const k = key(r.cooperative_id, r.apartment_id)
      const org: OrgRef = { id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by }
      out.set(k, [...(out.get(k) ?? []), org])
    }
  }
  return { get: (cooperativeId, apartmentId) => out.get(key(cooperativeId, apartmentId)) ?? [] }
}
