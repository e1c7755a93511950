import { sql } from 'kysely'
import type { ChartSpec, Row } from '../../schema/reports/common.ts'
import { addMonths, sumColumns } from '../../schema/reports/common.ts'
import { PORTFOLIO_COLUMNS, PortfolioParams } from '../../schema/reports/portfolio.ts'
import { heldApartments, heldProperties } from './held.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 6, portfolio overview (the investor portal's landing page): per held property the
 * apartments, area and shares held and their share of the property's shares, the charges billed
 * for the held apartments over the last 12 months and what of them is outstanding, their loan
 * shares remaining, and the property's open cases (a count only: no case's contents leave the
 * cooperative). Four grouped queries over the holdings, merged here.
 */
export const portfolioReport: ReportModule<PortfolioParams> = {
  params: PortfolioParams,
  async run(ctx) {
    const { db } = ctx
    const pid = ctx.access.org.id
    const since = `${addMonths(ctx.today.slice(0, 7), -11)}-01`
    const [properties, held, totals, money, loans, cases] = await Promise.all([
      heldProperties(db, pid),
      sql<{ cooperative_id: string; n: string; area: string; shares: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, count(*) AS n, sum(a.area_m2) AS area, sum(a.share_count) AS shares
        FROM held h JOIN apartments a ON a.org_id = h.cooperative_id AND a.id = h.apartment_id
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ org_id: string; shares: string }>`
        SELECT a.org_id, sum(a.share_count) AS shares FROM apartments a
        WHERE a.org_id IN (SELECT cooperative_id FROM portfolio_holdings WHERE org_id = ${pid})
        GROUP BY a.org_id`.execute(db),
      sql<{ cooperative_id: string; billed: string; open: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, sum(i.amount_cents) AS billed,
          sum(greatest(0, i.amount_cents - i.paid_cents - i.credited_cents)) AS open
        FROM held h JOIN finance_invoices i ON i.org_id = h.cooperative_id AND i.apartment_id = h.apartment_id
        WHERE i.period >= ${since}::date
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ cooperative_id: string; remaining: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, sum(l.remaining_cents) AS remaining
        FROM held h JOIN finance_loan_shares l ON l.org_id = h.cooperative_id AND l.apartment_id = h.apartment_id
        GROUP BY h.cooperative_id`.execute(db),
      sql<{ org_id: string; n: string }>`
        SELECT c.org_id, count(*) AS n FROM cases c
        WHERE c.org_id IN (SELECT cooperative_id FROM portfolio_holdings WHERE org_id = ${pid})
          AND c.status IN ('new', 'in_progress', 'waiting')
        GROUP BY c.org_id`.execute(db),
    ])
    const by = <T extends Record<string, unknown>>(rows: T[], key: keyof T) =>
      new Map(rows.map((r) => [String(r[key]), r]))
    const heldBy = by(held.rows, 'cooperative_id')
    const totalBy = by(totals.rows, 'org_id')
    const moneyBy = by(money.rows, 'cooperative_id')
    const loanBy = by(loans.rows, 'cooperative_id')
    const casesBy = by(cases.rows, 'org_id')
    const rows: Row[] = properties.map((p) => {
      const h = heldBy.get(p.id)
      const shares = num(h?.shares)
      const total = num(totalBy.get(p.id)?.shares)
      return {
        property: p.name,
        apartments: num(h?.n),
        area: Math.round(num(h?.area) * 10) / 10,
        shares,
        shareOfProperty: total > 0 ? Math.round((shares / total) * 1000) / 10 : 0,
        billed12: num(moneyBy.get(p.id)?.billed),
        outstanding: num(moneyBy.get(p.id)?.open),
        loanRemaining: num(loanBy.get(p.id)?.remaining),
        openCases: num(casesBy.get(p.id)?.n),
      }
    })
    const chart: ChartSpec = {
      mark: 'groupedBarX',
      unit: 'cents',
      series: ['billed', 'outstanding'],
      data: rows.flatMap((r) => [
        { x: String(r.property), series: 'billed', value: Number(r.billed12) },
        { x: String(r.property), series: 'outstanding', value: Number(r.outstanding) },
      ]),
    }
    const totalsRow = sumColumns(rows, [
      'apartments',
      'area',
      'shares',
      'billed12',
      'outstanding',
      'loanRemaining',
      'openCases',
    ])
    totalsRow.area = Math.round((totalsRow.area ?? 0) * 10) / 10
    return {
      filters: { since: since.slice(0, 7) },
      sections: [{ id: 'properties', columns: PORTFOLIO_COLUMNS, rows, totals: totalsRow }],
      chart,
    }
  },
}
