import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import type { FinanceAction } from '../../schema/policy/finance.ts'
import { can, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { portfoliosHolding } from '../../server/access/portfolios.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { orgRefOf } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'

type Ctx = Context<AppEnv>

/**
 * The finance checks every handler goes through. The cooperative, the apartment, the portfolios
 * holding it and a supplier invoice's supplier all come from their rows. Whoever holds no role in
 * the organisation gets 404 (nothing leaks); a member without the finance role 403 for the
 * cooperative's pages, and 404 for one apartment or invoice that is not theirs.
 */
export async function authorizeFinance(c: Ctx, orgId: string, action: FinanceAction): Promise<OrgRef> {
  return financeOrg(c, await orgRefOf(c, orgId), action)
}

/** `authorizeFinance` for a handler that has loaded the organisation's row already. */
export function financeOrg(c: Ctx, org: OrgRef | null, action: FinanceAction): OrgRef {
  const principal = c.get('principal')
  if (org && can(principal, action, { type: 'finance', org })) return org
  if (org && rolesIn(principal, org).size > 0) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  throw notFound('The organisation')
}

/** One apartment's finance: the cooperative, or 404 for anyone who may not read it. */
export async function authorizeApartment(c: Ctx, orgId: string, apartmentId: string): Promise<OrgRef> {
  const { db } = c.get('deps')
  const [org, apartment] = await Promise.all([
    loadOrgRef(db, orgId),
    db
      .selectFrom('apartments')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', apartmentId)
      .executeTakeFirst(),
  ])
  if (!org || !apartment) throw notFound('The apartment')
  const heldBy = await portfoliosHolding(db, org.id, apartment.id)
  if (
    !can(c.get('principal'), 'finance.apartment.read', {
      type: 'finance',
      org,
      apartment: { id: apartment.id, heldBy },
    })
  ) {
    throw notFound('The apartment')
  }
  return org
}

/** The apartment an invoice belongs to, checked like the apartment itself. */
export async function authorizeInvoice(c: Ctx, orgId: string, invoiceId: string) {
  const row = await c
    .get('deps')
    .db.selectFrom('finance_invoices')
    .select(['id', 'apartment_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirst()
  if (!row) throw notFound('The invoice')
  try {
    const org = await authorizeApartment(c, orgId, row.apartment_id)
    return { org, apartmentId: row.apartment_id }
  } catch {
    throw notFound('The invoice')
  }
}
