import type { DB } from '../../server/db/connect.ts'
import { addInvoice, addSupplierInvoice, dayOffset, type FinanceWorld } from './testWorld.ts'

/**
 * Every finance endpoint for the isolation matrix (api/orgs/isolation.test.ts): who gets 2xx,
 * who 403 (a member without the role) and who 404 (another organisation, or an apartment or
 * invoice that is not theirs).
 */
export interface FinanceCall {
  name: string
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  allowed: string
  forbidden: string[]
  hidden: string[]
}

export async function financeCalls(db: DB, w: FinanceWorld, apiKeyId: string): Promise<FinanceCall[]> {
  const org = w.coop.id
  const f = `/api/finance/${org}`
  const inv = await addInvoice(db, org, w.a1, { dueDate: dayOffset(-20) })
  const sup = await addSupplierInvoice(db, org, null)
  // The supplier company works with the cooperative (an earlier invoice): its contractors may send more.
  await addSupplierInvoice(db, org, w.supplier.id)
  const company = `/api/finance/${w.supplier.id}`
  const payment = await db
    .insertInto('finance_payments')
    .values({
      org_id: org,
      external_id: null,
      reference: '1232',
      amount_cents: 100,
      paid_on: dayOffset(0),
      invoice_id: null,
      source: 'manual',
      recorded_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const outsiders = ['stranger', 'strangerAccountant']
  const readers = (name: string, path: string): FinanceCall => ({
    name,
    method: 'GET',
    path,
    allowed: 'auditor',
    forbidden: ['owner', 'resident', 'maintenance'],
    hidden: [...outsiders, 'investor'],
  })
  return [
    {
      name: 'my finances',
      method: 'GET',
      path: `${f}/mine`,
      allowed: 'owner',
      forbidden: ['resident', 'board'],
      hidden: outsiders,
    },
    {
      name: 'apartment finance',
      method: 'GET',
      path: `${f}/apartments/${w.a1}`,
      allowed: 'owner',
      forbidden: [],
      hidden: [...outsiders, 'resident', 'owner2', 'investor', 'contractor'],
    },
    {
      name: 'invoice pdf',
      method: 'GET',
      path: `${f}/invoices/${inv.id}/pdf`,
      allowed: 'ownerRep',
      forbidden: [],
      hidden: [...outsiders, 'resident', 'owner2'],
    },
    {
      name: 'finance abilities',
      method: 'GET',
      path: `${f}/abilities`,
      allowed: 'resident',
      forbidden: [],
      hidden: outsiders,
    },
    readers('overdue', `${f}/overdue`),
    readers('budget', `${f}/budget`),
    readers('supplier invoices', `${f}/supplier-invoices`),
    readers('unmatched payments', `${f}/payments/unmatched`),
    {
      name: 'manual payment',
      method: 'POST',
      path: `${f}/payments`,
      body: { reference: inv.reference, amountCents: 100, paidOn: dayOffset(0) },
      allowed: 'accountant',
      forbidden: ['board', 'auditor', 'owner', 'resident'],
      hidden: outsiders,
    },
    {
      name: 'match payment',
      method: 'POST',
      path: `${f}/payments/${payment.id}/match`,
      body: { invoiceId: inv.id },
      allowed: 'manager',
      forbidden: ['board', 'auditor'],
      hidden: outsiders,
    },
    {
      name: 'credit',
      method: 'POST',
      path: `${f}/invoices/${inv.id}/credits`,
      body: { amountCents: 100, reason: 'Correction' },
      allowed: 'accountant',
      forbidden: ['auditor', 'owner'],
      hidden: outsiders,
    },
    {
      name: 'supplier decision',
      method: 'POST',
      path: `${f}/supplier-invoices/${sup.id}/decision`,
      body: { decision: 'approve' },
      allowed: 'board',
      forbidden: ['accountant', 'auditor', 'owner'],
      hidden: [...outsiders, 'contractor'],
    },
    {
      name: 'list API keys',
      method: 'GET',
      path: `${f}/api-keys`,
      allowed: 'orgAdmin',
      forbidden: ['accountant', 'board'],
      hidden: outsiders,
    },
    {
      name: 'create API key',
      method: 'POST',
      path: `${f}/api-keys`,
      body: { name: 'ERP', scopes: ['read'] },
      allowed: 'orgAdmin',
      forbidden: ['accountant', 'board'],
      hidden: outsiders,
    },
    {
      name: 'revoke API key',
      method: 'DELETE',
      path: `${f}/api-keys/${apiKeyId}`,
      allowed: 'orgAdmin',
      forbidden: ['accountant'],
      hidden: outsiders,
    },
    {
      name: 'supplier invoice recipients',
      method: 'GET',
      path: `${company}/supplier-invoices/recipients`,
      allowed: 'contractor',
      forbidden: ['supplierStaff'],
      hidden: [...outsiders, 'otherContractor', 'board', 'accountant', 'owner'],
    },
    {
      name: 'send a supplier invoice',
      method: 'POST',
      path: `${company}/supplier-invoices`,
      body: {
        cooperativeId: org,
        invoiceNumber: `ISO-${crypto.randomUUID().slice(0, 8)}`,
        category: 'repairs',
        amountCents: 10_000,
        issuedOn: dayOffset(0),
        dueDate: dayOffset(14),
      },
      allowed: 'contractor',
      forbidden: ['supplierStaff'],
      hidden: [...outsiders, 'otherContractor', 'board', 'accountant', 'owner'],
    },
  ]
}
