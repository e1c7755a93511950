import type { Context } from 'hono'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  FinanceOrgParam,
  SupplierInvoiceSubmitBody,
  type SupplierRecipient,
} from '../../schema/api/finance.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { CONTRACTOR_ROLES, can, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * A contractor sends its company's invoice to a cooperative it works with; the board then
 * approves or rejects it like an ERP-imported one (supplierRoutes.ts), and the contractor follows
 * it in the company's list (GET supplier-invoices). `:orgId` is the partner company.
 * The stored `external_id` is `kotipiha:<company>:<invoice number>`, so the same number sent twice
 * is a 409, and the ERP's own imports (other ids) never overwrite it.
 */
export const supplierSubmitRoutes = new Hono<AppEnv>()

/** The partner company of the URL, for its contractors: 404 to outsiders, 403 to its other members. */
async function authorizeCompany(c: Context<AppEnv>, orgId: string): Promise<OrgRef> {
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org?.kind !== 'partner_company') throw notFound('The organisation')
  const roles = rolesIn(c.get('principal'), org)
  if (roles.size === 0) throw notFound('The organisation')
  if (!CONTRACTOR_ROLES.some((r) => roles.has(r))) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
  }
  return org
}

/**
 * The cooperatives that work with the company: a card of one of their boards is delegated to it,
 * or they already hold one of its invoices.
 */
function engagedCooperatives(db: DB, companyId: string) {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.kind', 'o.status', 'o.managed_by'])
    .where('o.kind', '=', 'housing_cooperative')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('tasks as t')
            .select(sql`1`.as('one'))
            .whereRef('t.org_id', '=', 'o.id')
            .where('t.delegated_org_id', '=', companyId),
        ),
        eb.exists(
          eb
            .selectFrom('finance_supplier_invoices as s')
            .select(sql`1`.as('one'))
            .whereRef('s.org_id', '=', 'o.id')
            .where('s.supplier_org_id', '=', companyId),
        ),
      ]),
    )
    .orderBy('o.name')
}

supplierSubmitRoutes.get(
  '/:orgId/supplier-invoices/recipients',
  describeRoute({
    summary: "The cooperatives a partner company's contractors may send invoices to",
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const company = await authorizeCompany(c, c.req.valid('param').orgId)
    const rows = await engagedCooperatives(c.get('deps').db, company.id).execute()
    const principal = c.get('principal')
    const cooperatives: SupplierRecipient[] = rows
      .filter((r) =>
        can(principal, 'finance.supplier.submit', {
          type: 'finance',
          org: { id: r.id, kind: r.kind, status: r.status, managedBy: r.managed_by },
          supplier: company,
          engaged: true,
        }),
      )
      .map((r) => ({ id: r.id, name: r.name }))
    return c.json({ cooperatives })
  },
)

supplierSubmitRoutes.post(
  '/:orgId/supplier-invoices',
  describeRoute({
    summary: 'Send an invoice to a cooperative the company works with (its contractors; audited)',
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  valid('json', SupplierInvoiceSubmitBody),
  async (c) => {
    const company = await authorizeCompany(c, c.req.valid('param').orgId)
    const body = c.req.valid('json')
    const { db } = c.get('deps')
    const coop = await engagedCooperatives(db, company.id)
      .where('o.id', '=', body.cooperativeId)
      .executeTakeFirst()
    const org: OrgRef | null = coop
      ? { id: coop.id, kind: coop.kind, status: coop.status, managedBy: coop.managed_by }
      : null
    // A cooperative the company does not work with does not exist for it.
    if (
      !org ||
      !can(c.get('principal'), 'finance.supplier.submit', {
        type: 'finance',
        org,
        supplier: company,
        engaged: true,
      })
    ) {
      throw notFound('The cooperative')
    }
    const profile = await db
      .selectFrom('organisations')
      .select(['name', 'business_id'])
      .where('id', '=', company.id)
      .executeTakeFirstOrThrow()
    const actorId = c.get('session').userId
    const externalId = `kotipiha:${company.id}:${body.invoiceNumber}`
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('finance_supplier_invoices')
        .values({
          org_id: org.id,
          external_id: externalId,
          supplier_org_id: company.id,
          supplier_name: profile.name.slice(0, 200),
          supplier_business_id: profile.business_id,
          invoice_number: body.invoiceNumber,
          description: body.description,
          category: body.category,
          amount_cents: body.amountCents,
          vat_cents: body.vatCents,
          issued_on: body.issuedOn,
          due_date: body.dueDate,
        })
        .onConflict((oc) => oc.columns(['org_id', 'external_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!row) throw new AppError('conflict', `Invoice ${body.invoiceNumber} was sent already.`)
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'finance.supplier_invoice.submit',
        targetType: 'supplier_invoice',
        targetId: row.id,
        details: {
          supplier: profile.name,
          invoiceNumber: body.invoiceNumber,
          amountCents: body.amountCents,
        },
      })
      return row.id
    })
    return c.json({ id, status: 'pending' }, 201)
  },
)
