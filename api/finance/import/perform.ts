import type { Context } from 'hono'
import type { ImportKind, ImportReport } from '../../../schema/api/financeImport.ts'
import { AppError } from '../../../schema/errors.ts'
import type { OrgRef } from '../../../schema/policy.ts'
import { runImport } from './engine.ts'
import { IMPORT_HANDLERS } from './kinds/index.ts'
import { formatOf, readRows } from './parse.ts'

/**
 * One import call, shared by the ERP's API-key route and the accountant's upload in the portal:
 * authorise, refuse a second concurrent import by the same caller (429), stream the body through
 * the kind's handler in one transaction (rolled back for a dry run or a malformed file), and
 * audit the call whatever its outcome.
 */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024

export const IMPORT_DESCRIPTION =
  'Content-Type application/json (an array), application/x-ndjson or text/csv (header row, the same field names). ' +
  'Example NDJSON invoice row: {"externalId":"INV-2026-03-A1","apartment":"A 1","kind":"maintenance","period":"2026-03",' +
  '"amountCents":25430,"issuedOn":"2026-02-20","dueDate":"2026-03-05","reference":"1232",' +
  '"iban":"FI2112345600000785","payerName":"Olli Omistaja"}. The answer lists each row as created, ' +
  'updated, unchanged or refused (with field paths and messages); a bad row never stops the good ones; ' +
  'a malformed file is refused whole (400), more than 50,000 rows or 32 MB with 413. ?dryRun=1 checks without saving.'

const busy = new Set<string>()

/** Thrown out of the transaction of a dry run so that it rolls back, carrying its report. */
class DryRun extends Error {
  readonly report: ImportReport
  constructor(report: ImportReport) {
    super('dry run')
    this.report = report
  }
}

// biome-ignore lint/suspicious/noExplicitAny: both the session and the API-key environments.
type AnyContext = Context<any>

export async function performImport(
  c: AnyContext,
  call: {
    kind: ImportKind
    query: { dryRun?: string | undefined; report: 'all' | 'refused' }
    /** Who may not run two imports at once (the key, or the person). */
    busy: string
    authorize: () => Promise<OrgRef>
    /** `org` is unset when the caller was not authorised. */
    audit: (details: Record<string, unknown>, org: OrgRef | undefined) => Promise<void>
  },
): Promise<Response> {
  const dryRun = call.query.dryRun === '1' || call.query.dryRun === 'true'
  const started = performance.now()
  let report: ImportReport | undefined
  let failure: string | undefined
  let mine = false
  let org: OrgRef | undefined
  try {
    org = await call.authorize()
    if (busy.has(call.busy)) {
      throw new AppError('rate_limited', 'An import by you is still running.', { retryAfter: 5 })
    }
    busy.add(call.busy)
    mine = true
    const format = formatOf(c.req.header('content-type'))
    const rows = readRows(c.req.raw.body, format, IMPORT_MAX_BYTES)
    const { handler } = IMPORT_HANDLERS[call.kind]
    try {
      report = await c
        .get('deps')
        .db.transaction()
        .execute(async (trx: Parameters<typeof runImport>[0]) => {
          const result = await runImport(trx, {
            orgId: (org as OrgRef).id,
            kind: call.kind,
            handler,
            rows,
            listAll: call.query.report === 'all',
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
    failure = e instanceof AppError ? e.code : 'internal'
    throw e
  } finally {
    if (mine) busy.delete(call.busy)
    await call.audit(
      {
        dryRun,
        ms: Math.round(performance.now() - started),
        ...(report ? { counts: report.counts } : {}),
        ...(failure ? { error: failure } : {}),
      },
      org,
    )
  }
}
