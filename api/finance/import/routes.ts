import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { FinanceOrgParam } from '../../../schema/api/finance.ts'
import { ImportParams, ImportQuery } from '../../../schema/api/financeImport.ts'
import { audit } from '../../admin/audit.ts'
import { valid } from '../../http/validate.ts'
import { type ImportEnv, keyOrg, requireApiKey } from './apiKeyAuth.ts'
import { IMPORT_HANDLERS } from './kinds/index.ts'
import { IMPORT_DESCRIPTION, performImport } from './perform.ts'

/**
 * The ERP's import API, `/api/import/:orgId/:kind` with an API key (perform.ts does the work): JSON array, NDJSON or CSV,
 * streamed, up to 50,000 rows and IMPORT_MAX_BYTES per call; `?dryRun=1` validates and reports
 * without writing (the same transaction, rolled back). Every call is audited with the key's name,
 * refused ones included. One import per key at a time (429 for a second).
 */
export const importRoutes = new Hono<ImportEnv>()
importRoutes.use(requireApiKey)

/** Imports stream their own body under their own limit (app.ts skips the small-body limit). */
export function isImportRequest(method: string, path: string): boolean {
  return (
    method === 'POST' &&
    (path.startsWith('/api/import/') || /^\/api\/(finance|orgs)\/[^/]+\/import\//.test(path))
  )
}

importRoutes.post(
  '/:orgId/:kind',
  describeRoute({
    summary: 'Import rows (idempotent upserts by externalId): JSON array, NDJSON or CSV',
    description: `Authorization: Bearer <API key with the finance:write scope>. ${IMPORT_DESCRIPTION}`,
    tags: ['import'],
  }),
  valid('param', ImportParams),
  valid('query', ImportQuery),
  async (c) => {
    const { orgId, kind } = c.req.valid('param')
    const key = c.get('apiKey')
    return performImport(c, {
      kind,
      query: c.req.valid('query'),
      busy: `key:${key.id}`,
      authorize: () => keyOrg(c, orgId, IMPORT_HANDLERS[kind].scope),
      audit: (details) =>
        audit(c.get('deps').db, {
          orgId: key.orgId,
          actorId: null,
          action: `import.${kind}`,
          targetType: 'api_key',
          targetId: key.id,
          details: { keyName: key.name, ...details },
        }),
    })
  },
)

importRoutes.get(
  '/:orgId/summary',
  describeRoute({ summary: 'How many rows of each kind the portal holds (scope read)', tags: ['import'] }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const org = await keyOrg(c, c.req.valid('param').orgId, 'read')
    const { db } = c.get('deps')
    const count = async (
      table:
        | 'finance_invoices'
        | 'finance_payments'
        | 'finance_budgets'
        | 'finance_actuals'
        | 'finance_supplier_invoices'
        | 'finance_loan_shares',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('org_id', '=', org.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const body = {
      invoices: await count('finance_invoices'),
      payments: await count('finance_payments'),
      budgets: await count('finance_budgets'),
      actuals: await count('finance_actuals'),
      supplierInvoices: await count('finance_supplier_invoices'),
      loanShares: await count('finance_loan_shares'),
    }
    const key = c.get('apiKey')
    await audit(db, {
      orgId: key.orgId,
      actorId: null,
      action: 'import.summary',
      targetType: 'api_key',
      targetId: key.id,
      details: { keyName: key.name },
    })
    return c.json(body)
  },
)
