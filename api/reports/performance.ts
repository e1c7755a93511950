import { sql } from 'kysely'
import { type ChartSpec, monthsBetween, type Row, sumColumns } from '../../schema/reports/common.ts'
import {
  PERFORMANCE_MONTH_COLUMNS,
  PERFORMANCE_PROPERTY_COLUMNS,
  PerformanceParams,
} from '../../schema/reports/performance.ts'
import { heldApartments, heldProperties } from './held.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 7, financial performance of a year: rental income entered or imported for the held
 * apartments (portfolio_rents) against the charges paid for them (the paid part of invoices of
 * the year's periods), net = rent − charges, and net yield = net ÷ acquisition price of the held
 * apartments (blank where no price is known), per property and per month.
 */
export const performanceReport: ReportModule<PerformanceParams> = {
  params: PerformanceParams,
  async run(ctx) {
    const { db } = ctx
    const pid = ctx.access.org.id
    const year = ctx.params.year ?? Number(ctx.today.slice(0, 4))
    const from = `${year}-01-01`
    const to = `${year}-12-31`
    const [properties, rents, charges, prices] = await Promise.all([
      heldProperties(db, pid),
      sql<{ cooperative_id: string; month: string; cents: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, to_char(r.month, 'YYYY-MM') AS month, sum(r.amount_cents) AS cents
        FROM portfolio_rents r JOIN held h ON h.apartment_id = r.apartment_id
        WHERE r.org_id = ${pid} AND r.month BETWEEN ${from}::date AND ${to}::date
        GROUP BY h.cooperative_id, month`.execute(db),
      sql<{ cooperative_id: string; month: string; cents: string }>`
        WITH held AS (${heldApartments(pid)})
        SELECT h.cooperative_id, to_char(i.period, 'YYYY-MM') AS month,
          sum(least(i.paid_cents, i.amount_cents - i.credited_cents)) AS cents
        FROM held h JOIN finance_invoices i ON i.org_id = h.cooperative_id AND i.apartment_id = h.apartment_id
        WHERE i.period BETWEEN ${from}::date AND ${to}::date
        GROUP BY h.cooperative_id, month`.execute(db),
      sql<{ cooperative_id: string; cents: string | null }>`
        WITH held AS (${heldApartments(pid)})
        SELECT cooperative_id, sum(price_cents) AS cents FROM held GROUP BY cooperative_id`.execute(db),
    ])
    const total = (rows: { cooperative_id: string; cents: string }[], id: string) =>
      rows.filter((r) => r.cooperative_id === id).reduce((s, r) => s + num(r.cents), 0)
    const yieldOf = (net: number, price: number) => (price > 0 ? Math.round((net / price) * 1000) / 10 : null)
    const rows: Row[] = properties.map((p) => {
      const rent = total(rents.rows, p.id)
      const paid = total(charges.rows, p.id)
      const price = num(prices.rows.find((r) => r.cooperative_id === p.id)?.cents)
      return {
        property: p.name,
        rent,
        charges: paid,
        net: rent - paid,
        price,
        yield: yieldOf(rent - paid, price),
      }
    })
    const lastMonth = year === Number(ctx.today.slice(0, 4)) ? ctx.today.slice(0, 7) : `${year}-12`
    const byMonth = (rows: { month: string; cents: string }[], m: string) =>
      rows.filter((r) => r.month === m).reduce((s, r) => s + num(r.cents), 0)
    const months: Row[] = monthsBetween(`${year}-01`, lastMonth).map((m) => {
      const rent = byMonth(rents.rows, m)
      const paid = byMonth(charges.rows, m)
      return { month: m, rent, charges: paid, net: rent - paid }
    })
    const totals = sumColumns(rows, ['rent', 'charges', 'net', 'price'])
    const y = yieldOf(totals.net ?? 0, totals.price ?? 0)
    if (y !== null) totals.yield = y
    const chart: ChartSpec = {
      mark: 'line',
      unit: 'cents',
      series: ['rent', 'charges'],
      data: months.flatMap((m) => [
        { x: String(m.month), series: 'rent', value: Number(m.rent) },
        { x: String(m.month), series: 'charges', value: Number(m.charges) },
      ]),
    }
    return {
      filters: { year },
      sections: [
        { id: 'properties', columns: PERFORMANCE_PROPERTY_COLUMNS, rows, totals },
        {
          id: 'months',
          columns: PERFORMANCE_MONTH_COLUMNS,
          rows: months,
          totals: sumColumns(months, ['rent', 'charges', 'net']),
        },
      ],
      chart,
    }
  },
}
