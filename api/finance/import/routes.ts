import type { Context } from 'hono'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { FinanceOrgParam } from '../../../schema/api/finance.ts'
import { ImportParams, ImportQuery, type ImportReport } from '../../../schema/api/financeImport.ts'
import { AppError } from '../../../schema/errors.ts'
import { audit } from '../../admin/audit.ts'
import { valid } from '../../http/validate.ts'
import { type ImportEnv, keyOrg, requireApiKey } from './apiKeyAuth.ts'
import { runImport } from './engine.ts'
import { IMPORT_HANDLERS } from './kinds/index.ts'
import { formatOf, readRows } from './parse.ts'

/**
 * The ERP's import API, `/api/import/:orgId/:kind` with an API key: JSON array, NDJSON or CSV,
 * streamed, up to 50,000 rows and IMPORT_MAX_BYTES per call; `?dryRun=1` validates and reports
 * without writing (the same transaction, rolled back). Every call is audited with the key's name,
 * refused ones included. One import per key at a time (429 for a second).
 */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024

export const importRoutes = new Hono<ImportEnv>()
importRoutes.use(requireApiKey)

/** The import streams its own body under its own limit (app.ts skips the small-body limit). */
export function isImportRequest(method: string, path: string): boolean {
  return method === 'POST' && path.startsWith('/api/import/')
}

const busyKeys = new Set<string>()

/** Thrown out of the transaction of a dry run so that it rolls back, carrying its report. */
class DryRun extends Error {
  readonly report: ImportReport
  constructor(report: ImportReport) {
    super('dry run')
    this.report = report
  }
}

importRoutes.post(
  '/:orgId/:kind',
  describeRoute({
    summary: 'Import rows (idempotent upserts by externalId): JSON array, NDJSON or CSV',
    description:
      'Authorization: Bearer <API key with finance:write>. Content-Type application/json (an array), ' +
      'application/x-ndjson or text/csv (header row, the same field names). Example NDJSON invoice row: ' +
      '{"externalId":"INV-2026-03-A1","apartment":"A 1","kind":"maintenance","period":"2026-03",' +
      '"amountCents":25430,"issuedOn":"2026-02-20","dueDate":"2026-03-05","reference":"1232",' +
      '"iban":"FI2112345600000785","payerName":"Olli Omistaja"}. The answer lists each row as created, ' +
      'updated, unchanged or refused (with field paths and messages); a bad row never stops the good ones; ' +
      'a malformed file is refused whole (400), more than 50,000 rows or 32 MB with 413.',
    tags: ['import'],
  }),
  valid('param', ImportParams),
  valid('query', ImportQuery),
  async (c) => {
    const { orgId, kind } = c.req.valid('param')
    const query = c.req.valid('query')
    const { handler, scope } = IMPORT_HANDLERS[kind]
    const key = c.get('apiKey')
    const dryRun = query.dryRun === '1' || query.dryRun === 'true'
    const started = performance.now()
    let report: ImportReport | undefined
    let failure: AppError | undefined
    let mine = false
    try {
      const org = await keyOrg(c, orgId, scope)
      if (busyKeys.has(key.id)) {
        throw new AppError('rate_limited', 'An import with this key is still running.', { retryAfter: 5 })
      }
      busyKeys.add(key.id)
      mine = true
      const format = formatOf(c.req.header('content-type'))
      const rows = readRows(c.req.raw.body, format, IMPORT_MAX_BYTES)
      try {
        report = await c
          .get('deps')
          .db.transaction()
          .execute(async (trx) => {
            const result = await runImport(trx, {
              orgId: org.id,
              kind,
              handler,
              rows,
              listAll: query.report === 'all',
              dryRun,
            })
            if (dryRun) throw new DryRun(result)
            return result
          })
      } catch (e) {
        if (!(e instanceof DryRun)) throw e
        report = e.report
      }
      return c.json(report)
    } catch (e) {
      failure = e instanceof AppError ? e : new AppError('internal', 'The import failed.')
      throw e
    } finally {
      if (mine) busyKeys.delete(key.id)
      await auditCall(c, { kind, dryRun, report, failure, ms: Math.round(performance.now() - started) })
    }
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
    await auditCall(c, { kind: 'summary', dryRun: false, report: undefined, failure: undefined, ms: 0 })
    return c.json(body)
  },
)

async function auditCall(
  c: Context<ImportEnv>,
  call: {
    kind: string
    dryRun: boolean
    report: ImportReport | undefined
    failure: AppError | undefined
    ms: number
  },
) {
  const key = c.get('apiKey')
  await audit(c.get('deps').db, {
    orgId: key.orgId,
    actorId: null,
    action: `import.${call.kind}`,
    targetType: 'api_key',
    targetId: key.id,
    details: {
      keyName: key.name,
      dryRun: call.dryRun,
      ms: call.ms,
      ...(call.report ? { counts: call.report.counts } : {}),
      ...(call.failure ? { error: call.failure.code } : {}),
    },
  })
}
