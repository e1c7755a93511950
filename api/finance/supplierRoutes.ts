import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  DecisionBody,
  FinanceOrgParam,
  type SupplierInvoiceItem,
  SupplierInvoiceParams,
} from '../../schema/api/finance.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { CONTRACTOR_ROLES, can, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef, loadOrgRefs } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeFinance, financeOrg } from './access.ts'
import { dateText } from './dates.ts'

/**
 * Supplier invoices: in a cooperative, all of them for its finance readers, with approve/reject
 * for the board (audited); in a partner company, the invoices it sent to any cooperative, for its
 * contractors.
 */
export const supplierRoutes = new Hono<AppEnv>()

function listQuery(db: DB) {
  return db
    .selectFrom('finance_supplier_invoices as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .leftJoin('users as u', 'u.id', 's.decided_by')
    .select([
      's.id',
      's.org_id',
      'o.name as org_name',
      's.supplier_org_id',
      's.supplier_name',
      's.supplier_business_id',
      's.invoice_number',
      's.description',
      's.category',
      's.amount_cents',
      's.vat_cents',
      dateText('s.issued_on').as('issued_on'),
      dateText('s.due_date').as('due_date'),
      's.status',
      's.decided_at',
      'u.name as decided_by',
      's.decision_note',
    ])
    .orderBy(({ eb }) => eb.case().when('s.status', '=', 'pending').then(0).else(1).end())
    .orderBy('s.due_date', 'desc')
    .limit(500)
}

type Row = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number]
const item = (r: Row): SupplierInvoiceItem => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  supplierName: r.supplier_name,
  supplierBusinessId: r.supplier_business_id,
  invoiceNumber: r.invoice_number,
  description: r.description,
  category: r.category,
  amountCents: r.amount_cents,
  vatCents: r.vat_cents,
  issuedOn: r.issued_on,
  dueDate: r.due_date,
  status: r.status,
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  decidedBy: r.decided_by,
  decisionNote: r.decision_note,
})

supplierRoutes.get(
  '/:orgId/supplier-invoices',
  describeRoute({
    summary:
      "Supplier invoices: a cooperative's (finance readers), or those a partner company sent (its contractors)",
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const { orgId } = c.req.valid('param')
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const org = await loadOrgRef(db, orgId)
    if (org?.kind === 'partner_company') {
      await authorizeOrg(c, orgId, 'org.read')
      if (!CONTRACTOR_ROLES.some((r) => rolesIn(principal, org).has(r))) {
        throw new AppError('forbidden', 'Your role in this organisation does not allow that.')
      }
      const rows = await listQuery(db).where('s.supplier_org_id', '=', org.id).execute()
      const coops = await loadOrgRefs(
        db,
        rows.map((r) => r.org_id),
      )
      const readable: SupplierInvoiceItem[] = []
      for (const r of rows) {
        const coop = coops.get(r.org_id)
        if (coop && can(principal, 'finance.supplier.read', { type: 'finance', org: coop, supplier: org })) {
          readable.push(item(r))
        }
      }
      return c.json({ invoices: readable })
    }
    // The row loaded above, not a second time.
    const coop = financeOrg(c, org, 'finance.read')
    const rows = await listQuery(db).where('s.org_id', '=', coop.id).execute()
    return c.json({ invoices: rows.map(item) })
  },
)

supplierRoutes.post(
  '/:orgId/supplier-invoices/:supplierInvoiceId/decision',
  describeRoute({
    summary: 'Approve or reject a pending supplier invoice (the board; audited)',
    tags: ['finance'],
  }),
  valid('param', SupplierInvoiceParams),
  valid('json', DecisionBody),
  async (c) => {
    const { orgId, supplierInvoiceId } = c.req.valid('param')
    const org = await authorizeFinance(c, orgId, 'finance.approve')
    const { decision, note } = c.req.valid('json')
    const actorId = c.get('session').userId
    const status = decision === 'approve' ? 'approved' : 'rejected'
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .selectFrom('finance_supplier_invoices')
          .select(['id', 'status', 'supplier_name', 'amount_cents', 'invoice_number'])
          .where('org_id', '=', org.id)
          .where('id', '=', supplierInvoiceId)
          .forUpdate()
          .executeTakeFirst()
        if (!row) throw notFound('The supplier invoice')
        if (row.status !== 'pending') throw new AppError('conflict', `The invoice is already ${row.status}.`)
        await trx
          .updateTable('finance_supplier_invoices')
          .set({
            status,
            decided_by: actorId,
            decided_at: new Date(),
            decision_note: note,
            updated_at: new Date(),
          })
          .where('id', '=', row.id)
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: `finance.supplier_invoice.${decision}`,
          targetType: 'supplier_invoice',
          targetId: row.id,
          details: {
            supplier: row.supplier_name,
            invoiceNumber: row.invoice_number,
            amountCents: row.amount_cents,
            note,
          },
        })
      })
    return c.json({ status })
  },
)
