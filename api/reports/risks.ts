import { sql } from 'kysely'
import { type ChartSpec, type Row, sumColumns } from '../../schema/reports/common.ts'
import { RISK_PROPERTY_COLUMNS, RISK_RENOVATION_COLUMNS, RisksParams } from '../../schema/reports/risks.ts'
import { heldApartments, heldProperties } from './held.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 8, costs and risks: per held property the loan shares remaining on the held apartments,
 * their overdue charges, and the renovations of the cooperative's long-term plan from this year
 * on with the portfolio's share of each (estimate × the held apartments' shares ÷ all shares).
 */
export const risksReport: ReportModule<RisksParams> = {
  params: RisksParams,
  async run(ctx) {
    const { db } = ctx
    const pid = ctx.access.org.id
    const thisYear = Number(ctx.today.slice(0, 4))
    const [properties, loans, overdue, shares, plans] = await Promise.all([
      heldProperties(db, pid),
      sql<{ cooperative_id: string; cents: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, sum(l.remaining_cents) AS cents
        FROM held h JOIN finance_loan_shares l ON l.org_id = h.cooperative_id AND l.apartment_id = h.apartment_id
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ cooperative_id: string; cents: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, sum(i.amount_cents - i.paid_cents - i.credited_cents) AS cents
        FROM held h JOIN finance_invoices i ON i.org_id = h.cooperative_id AND i.apartment_id = h.apartment_id
        WHERE i.paid_cents + i.credited_cents < i.amount_cents AND i.due_date < ${ctx.today}::date
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ cooperative_id: string; held: string; total: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, sum(a.share_count) AS held,
          (SELECT sum(x.share_count) FROM apartments x WHERE x.org_id = h.cooperative_id) AS total
        FROM held h JOIN apartments a ON a.org_id = h.cooperative_id AND a.id = h.apartment_id
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ org_id: string; planned_year: number; title: string; estimate_cents: string }>`
        SELECT p.org_id, p.planned_year, p.title, p.estimate_cents FROM renovation_plans p
        WHERE p.org_id IN (SELECT cooperative_id FROM portfolio_holdings WHERE org_id = ${pid})
          AND p.planned_year >= ${thisYear}
        ORDER BY p.planned_year, p.title`.execute(db),
    ])
    const names = new Map(properties.map((p) => [p.id, p.name]))
    const fraction = (id: string) => {
      const s = shares.rows.find((r) => r.cooperative_id === id)
      return s && num(s.total) > 0 ? num(s.held) / num(s.total) : 0
    }
    const renovations: Row[] = plans.rows
      .filter((p) => names.has(p.org_id))
      .map((p) => ({
        property: names.get(p.org_id)!,
        year: p.planned_year,
        title: p.title,
        estimate: num(p.estimate_cents),
        share: Math.round(num(p.estimate_cents) * fraction(p.org_id)),
      }))
    const rows: Row[] = properties.map((p) => {
      const mine = renovations.filter((r) => r.property === p.name)
      return {
        property: p.name,
        loanRemaining: num(loans.rows.find((r) => r.cooperative_id === p.id)?.cents),
        overdue: num(overdue.rows.find((r) => r.cooperative_id === p.id)?.cents),
        renovations: mine.length,
        renovationShare: mine.reduce((s, r) => s + Number(r.share), 0),
      }
    })
    const chart: ChartSpec = {
      mark: 'groupedBarX',
      unit: 'cents',
      series: ['loan', 'renovation', 'overdue'],
      data: rows.flatMap((r) => [
        { x: String(r.property), series: 'loan', value: Number(r.loanRemaining) },
        { x: String(r.property), series: 'renovation', value: Number(r.renovationShare) },
        { x: String(r.property), series: 'overdue', value: Number(r.overdue) },
      ]),
    }
    return {
      filters: { fromYear: thisYear },
      sections: [
        {
          id: 'properties',
          columns: RISK_PROPERTY_COLUMNS,
          rows,
          totals: sumColumns(rows, ['loanRemaining', 'overdue', 'renovations', 'renovationShare']),
        },
        {
          id: 'renovations',
          columns: RISK_RENOVATION_COLUMNS,
          rows: renovations,
          totals: sumColumns(renovations, ['estimate', 'share']),
        },
      ],
      chart,
    }
  },
}
