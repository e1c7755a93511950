import { sql } from 'kysely'
import { type ChartSpec, monthsBetween, type Row, sumColumns } from '../../schema/reports/common.ts'
import {
  OPERATIONS_COLUMNS,
  OperationsParams,
  SERVICE_HISTORY_COLUMNS,
} from '../../schema/reports/operations.ts'
import { heldProperties } from './held.ts'
import { num, type ReportModule } from './module.ts'
import { firstDone, serviceHistory } from './serviceHistory.ts'

/**
 * Report 9, operations: per held property, the cases open now, opened in the year and closed in
 * the year (first move to resolved or closed, from the status history), the average days from
 * report to that move, and board tasks done (progress 100) in the year; the chart shows cases
 * opened and closed per month over the portfolio; then the service history, each case and task
 * done in the year with when and by whom (serviceHistory.ts). No case's title or text leaves the
 * cooperative: the history names a case's category, never its title.
 */
export const operationsReport: ReportModule<OperationsParams> = {
  params: OperationsParams,
  async run(ctx) {
    const { db } = ctx
    const pid = ctx.access.org.id
    const year = ctx.params.year ?? Number(ctx.today.slice(0, 4))
    const from = `${year}-01-01`
    const to = `${year + 1}-01-01`
    const coops = sql`(SELECT h.cooperative_id FROM portfolio_holdings h JOIN organisations o
      ON o.id = h.cooperative_id AND o.status = 'active' WHERE h.org_id = ${pid})`
    const [properties, open, opened, closed, tasks, history] = await Promise.all([
      heldProperties(db, pid),
      sql<{ org_id: string; n: string }>`
        SELECT org_id, count(*) AS n FROM cases WHERE org_id IN ${coops}
          AND status IN ('new', 'in_progress', 'waiting') GROUP BY org_id`.execute(db),
      sql<{ org_id: string; month: string; n: string }>`
        SELECT org_id, to_char(created_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, count(*) AS n
        FROM cases WHERE org_id IN ${coops} AND created_at >= ${from}::date AND created_at < ${to}::date
        GROUP BY org_id, month`.execute(db),
      sql<{ org_id: string; month: string; n: string; days: string }>`
        WITH done AS (${firstDone(coops)})
        SELECT d.org_id, to_char(d.at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, count(*) AS n,
          sum(extract(epoch FROM d.at - c.created_at) / 86400) AS days
        FROM done d JOIN cases c ON c.org_id = d.org_id AND c.id = d.case_id
        WHERE d.at >= ${from}::date AND d.at < ${to}::date
        GROUP BY d.org_id, month`.execute(db),
      sql<{ org_id: string; n: string }>`
        SELECT org_id, count(*) AS n FROM tasks WHERE org_id IN ${coops} AND progress >= 100
          AND updated_at >= ${from}::date AND updated_at < ${to}::date GROUP BY org_id`.execute(db),
      serviceHistory(db, coops, { from, to }, ctx.all),
    ])
    const names = new Map(properties.map((p) => [p.id, p.name]))
    const historyRows: Row[] = history.rows
      .filter((r) => names.has(r.orgId))
      .map(({ orgId, ...r }) => ({ property: names.get(orgId)!, ...r }))
    const sumBy = (rows: { org_id: string; n: string }[], id: string) =>
      rows.filter((r) => r.org_id === id).reduce((s, r) => s + num(r.n), 0)
    const rows: Row[] = properties.map((p) => {
      const closedRows = closed.rows.filter((r) => r.org_id === p.id)
      const closedN = closedRows.reduce((s, r) => s + num(r.n), 0)
      const days = closedRows.reduce((s, r) => s + num(r.days), 0)
      return {
        property: p.name,
        open: sumBy(open.rows, p.id),
        opened: sumBy(opened.rows, p.id),
        closed: closedN,
        avgDays: closedN > 0 ? Math.round((days / closedN) * 10) / 10 : null,
        tasksDone: sumBy(tasks.rows, p.id),
      }
    })
    const lastMonth = year === Number(ctx.today.slice(0, 4)) ? ctx.today.slice(0, 7) : `${year}-12`
    const months = monthsBetween(`${year}-01`, lastMonth)
    const perMonth = (rows: { month: string; n: string }[], m: string) =>
      rows.filter((r) => r.month === m).reduce((s, r) => s + num(r.n), 0)
    const chart: ChartSpec = {
      mark: 'line',
      unit: 'count',
      series: ['opened', 'closed'],
      data: months.flatMap((m) => [
        { x: m, series: 'opened', value: perMonth(opened.rows, m) },
        { x: m, series: 'closed', value: perMonth(closed.rows, m) },
      ]),
    }
    const totals = sumColumns(rows, ['open', 'opened', 'closed', 'tasksDone'])
    const allClosed = closed.rows.reduce((s, r) => s + num(r.n), 0)
    if (allClosed > 0) {
      totals.avgDays = Math.round((closed.rows.reduce((s, r) => s + num(r.days), 0) / allClosed) * 10) / 10
    }
    return {
      filters: { year },
      sections: [
        { id: 'properties', columns: OPERATIONS_COLUMNS, rows, totals },
        // Rows of work, not amounts: nothing in them adds up to a total.
        {
          id: 'history',
          columns: SERVICE_HISTORY_COLUMNS,
          rows: historyRows,
          totals: {},
          ...(history.truncated ? { truncated: true } : {}),
        },
      ],
      chart,
    }
  },
}
