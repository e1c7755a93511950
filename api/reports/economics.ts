import { sql } from 'kysely'
import { type ChartSpec, monthsBetween, type Row, sumColumns } from '../../schema/reports/common.ts'
import { ECONOMICS_COLUMNS, EconomicsParams } from '../../schema/reports/economics.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 5, project economics of a year: supplier invoices (by issue date) per property and
 * supplier, invoiced, approved and waiting for the board's approval, and per month (the chart).
 * A cooperative (board, manager) sees every supplier; a partner company (its contractors) its own
 * invoices in every cooperative. Agreed contract sums are not in the data yet (docs/REPORTS.md).
 */
export const economicsReport: ReportModule<EconomicsParams> = {
  params: EconomicsParams,
  async run(ctx) {
    const { db, access } = ctx
    const org = access.org
    const partner = org.kind === 'partner_company'
    const year = ctx.params.year ?? Number(ctx.today.slice(0, 4))
    const where = sql`${partner ? sql`s.supplier_org_id = ${org.id}` : sql`s.org_id = ${org.id}`}
      AND s.issued_on >= ${`${year}-01-01`}::date AND s.issued_on <= ${`${year}-12-31`}::date`
    const [groups, months] = await Promise.all([
      sql<{
        property: string
        supplier: string
        invoiced: string
        approved: string
        pending: string
        n: string
      }>`
        SELECT o.name AS property, s.supplier_name AS supplier, sum(s.amount_cents) AS invoiced,
          sum(s.amount_cents) FILTER (WHERE s.status = 'approved') AS approved,
          sum(s.amount_cents) FILTER (WHERE s.status = 'pending') AS pending,
          count(*) FILTER (WHERE s.status = 'pending') AS n
        FROM finance_supplier_invoices s JOIN organisations o ON o.id = s.org_id
        WHERE ${where}
        GROUP BY o.name, s.supplier_name ORDER BY o.name, s.supplier_name`.execute(db),
      sql<{ month: string; status: string; cents: string }>`
        SELECT to_char(s.issued_on, 'YYYY-MM') AS month, s.status, sum(s.amount_cents) AS cents
        FROM finance_supplier_invoices s WHERE ${where} GROUP BY month, s.status`.execute(db),
    ])
    const rows: Row[] = groups.rows.map((g) => ({
      property: g.property,
      supplier: g.supplier,
      invoiced: num(g.invoiced),
      approved: num(g.approved),
      pending: num(g.pending),
      pendingCount: num(g.n),
    }))
    const lastMonth = year === Number(ctx.today.slice(0, 4)) ? ctx.today.slice(0, 7) : `${year}-12`
    const chart: ChartSpec = {
      mark: 'stackedBarY',
      unit: 'cents',
      series: ['approved', 'pending'],
      data: monthsBetween(`${year}-01`, lastMonth).flatMap((m) =>
        (['approved', 'pending'] as const).map((status) => ({
          x: m,
          series: status,
          value: months.rows
            .filter((r) => r.month === m && r.status === status)
            .reduce((s, r) => s + num(r.cents), 0),
        })),
      ),
    }
    return {
      filters: { year },
      sections: [
        {
          id: 'suppliers',
          columns: ECONOMICS_COLUMNS,
          rows,
          totals: sumColumns(rows, ['invoiced', 'approved', 'pending', 'pendingCount']),
        },
      ],
      chart,
    }
  },
}
