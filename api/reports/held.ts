import { sql } from 'kysely'
import type { DB } from '../../server/db/connect.ts'

/**
 * What an investor portfolio holds, for reports 6–9: the active cooperatives of its holdings (a
 * suspended cooperative shows nothing, as in the finance policy) and the apartments it owns in them.
 */
export interface HeldProperty {
  id: string
  name: string
}

export async function heldProperties(db: DB, portfolioId: string): Promise<HeldProperty[]> {
  return db
    .selectFrom('portfolio_holdings as h')
    .innerJoin('organisations as o', 'o.id', 'h.cooperative_id')
    .select(['o.id', 'o.name'])
    .where('h.org_id', '=', portfolioId)
    .where('o.status', '=', 'active')
    .where('o.kind', '=', 'housing_cooperative')
    .orderBy('o.name')
    .execute()
}

/** `held` as a CTE body: (cooperative_id, apartment_id) of the portfolio's active holdings. */
export const heldApartments = (portfolioId: string) => sql`
  SELECT pa.cooperative_id, pa.apartment_id, pa.price_cents
  FROM portfolio_apartments pa
  JOIN organisations o ON o.id = pa.cooperative_id AND o.status = 'active'
  WHERE pa.org_id = ${portfolioId}`
