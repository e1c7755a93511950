import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { z } from 'zod'
import { AppError, notFound } from '../../schema/errors.ts'
import { helsinkiToday } from '../../schema/finance/status.ts'
import { reportsIn } from '../../schema/policy/reports.ts'
import { ExportQuery, REPORT_IDS, type ReportId, type ReportResult } from '../../schema/reports/common.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { authorizeReport } from './access.ts'
import { reportCsv } from './export/csv.ts'
import { reportPdf } from './export/pdf.ts'
import type { ReportModule } from './module.ts'
import { REPORTS } from './registry.ts'

/**
 * `/api/reports/:orgId` (the reports the caller reads there), `/:orgId/:report?…` (JSON) and
 * `/:orgId/:report/export?format=csv|pdf&lang=…&…` (a streamed download). The report's own
 * parameters come in the query and are validated by its zod schema (422 with field paths).
 */
export const reportRoutes = new Hono<AppEnv>()
reportRoutes.use(requireAuth)

const OrgParam = z.strictObject({ orgId: z.uuid({ message: 'Not a valid id.' }) })
const ReportParam = z.strictObject({
  orgId: z.uuid({ message: 'Not a valid id.' }),
  report: z.enum(REPORT_IDS),
})

reportRoutes.get(
  '/:orgId',
  describeRoute({ summary: 'The reports the caller reads in this organisation', tags: ['reports'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').orgId, 'org.read')
    const ids = reportsIn(c.get('principal'), org, REPORT_IDS).filter((id) => REPORTS[id])
    return c.json({ reports: ids })
  },
)

function parseParams(module: ReportModule<unknown>, query: Record<string, string>) {
  const parsed = module.params.safeParse(query)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new AppError('validation_failed', `${issues[0]?.path || 'query'}: ${issues[0]?.message}`, {
      details: { issues },
    })
  }
  return parsed.data
}

async function runReport(
  c: Parameters<typeof authorizeReport>[0],
  orgId: string,
  report: ReportId,
  query: Record<string, string>,
  all: boolean,
) {
  const module = REPORTS[report]
  if (!module) throw notFound('The report')
  const access = await authorizeReport(c, orgId, report)
  const params = parseParams(module, query)
  const ctx = { db: c.get('deps').db, access, params, today: helsinkiToday(), all }
  const body = await module.run(ctx)
  const result: ReportResult = {
    report,
    org: { id: access.org.id, name: access.name },
    scope: access.scope,
    generatedAt: new Date().toISOString(),
    ...body,
  }
  return { result, module, ctx }
}

reportRoutes.get(
  '/:orgId/:report',
  describeRoute({
    summary: 'One report: filters applied, sections with totals, the chart',
    tags: ['reports'],
  }),
  valid('param', ReportParam),
  async (c) => {
    const { orgId, report } = c.req.valid('param')
    const { result } = await runReport(c, orgId, report, c.req.query(), false)
    return c.json(result)
  },
)

reportRoutes.get(
  '/:orgId/:report/export',
  describeRoute({ summary: 'One report as CSV (streamed) or A4 PDF', tags: ['reports'] }),
  valid('param', ReportParam),
  async (c) => {
    const { orgId, report } = c.req.valid('param')
    const { format, lang, ...rest } = c.req.query()
    const exp = ExportQuery.safeParse({ format, lang })
    if (!exp.success) throw new AppError('validation_failed', 'format: csv or pdf; lang: fi, sv or en.')
    const streamed = format === 'csv' && REPORTS[report]?.stream
    const { result, module, ctx } = await runReport(c, orgId, report, rest, !streamed)
    const name = `${report}-${new Date().toISOString().slice(0, 10)}`
    if (exp.data.format === 'csv') {
      const stream = module.stream
        ? { section: module.stream.section, rows: () => module.stream!.rows({ ...ctx, all: true }) }
        : undefined
      return new Response(reportCsv(result, exp.data.lang, stream), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.csv"`,
          'cache-control': 'no-store',
        },
      })
    }
    const pdf = await reportPdf(result, exp.data.lang)
    return new Response(Readable.toWeb(pdf) as ReadableStream, {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${name}.pdf"`,
        'cache-control': 'no-store',
      },
    })
  },
)
