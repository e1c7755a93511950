import { sql } from 'kysely'
import { COST_CATEGORIES } from '../../schema/finance/kinds.ts'
import {
  BALANCE_APARTMENT_COLUMNS,
  BALANCE_CATEGORY_COLUMNS,
  BALANCE_SUMMARY_COLUMNS,
  BalanceParams,
} from '../../schema/reports/balance.ts'
import { type ChartSpec, monthEnd, type Row, type Section, sumColumns } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import { num, type ReportContext, type ReportModule } from './module.ts'

/**
 * Report 2, balance summary. Budget (the fiscal year's lines) against actual (months 1..month) by
 * cost category, the previous year's same months beside it; result = charges billed − costs and
 * cash = payments received − costs over the same months; per apartment what was billed for those
 * periods, what of it is paid and what is outstanding. An owner sees only their apartments' rows.
 */
export const balanceReport: ReportModule<BalanceParams> = {
  params: BalanceParams,
  async run(ctx) {
    const { year, month } = period(ctx)
    const from = `${year}-01-01`
    const to = monthEnd(year, month)
    const apartments = await apartmentRows(
      ctx.db,
      ctx.access.org.id,
      from,
      to,
      ctx.access.own,
      ctx.access.scope,
    )
    const apartmentSection: Section = {
      id: 'apartments',
      columns: BALANCE_APARTMENT_COLUMNS,
      rows: apartments,
      totals: sumColumns(apartments, ['billed', 'paid', 'outstanding']),
    }
    const filters = { year, month }
    if (ctx.access.scope === 'own') {
      return { filters, sections: [apartmentSection], chart: apartmentChart(apartments) }
    }
    const orgId = ctx.access.org.id
    const [budgets, actuals, billed, received] = await Promise.all([
      ctx.db
        .selectFrom('finance_budgets')
        .select(['category', sql<string>`sum(amount_cents)`.as('cents')])
        .where('org_id', '=', orgId)
        .where('fiscal_year', '=', year)
        .groupBy('category')
        .execute(),
      ctx.db
        .selectFrom('finance_actuals')
        .select(['fiscal_year', 'category', sql<string>`sum(amount_cents)`.as('cents')])
        .where('org_id', '=', orgId)
        .where('fiscal_year', 'in', [year, year - 1])
        .where('month', '<=', month)
        .groupBy(['fiscal_year', 'category'])
        .execute(),
      sumInvoices(ctx.db, orgId, year, month),
      sumPayments(ctx.db, orgId, year, month),
    ])
    const budget = new Map(budgets.map((b) => [b.category, num(b.cents)]))
    const actual = new Map<string, number>()
    const previous = new Map<string, number>()
    for (const a of actuals) (a.fiscal_year === year ? actual : previous).set(a.category, num(a.cents))
    const categories: Row[] = COST_CATEGORIES.filter(
      (c) => budget.has(c) || actual.has(c) || previous.has(c),
    ).map((c) => ({
      category: c,
      budget: budget.get(c) ?? 0,
      actual: actual.get(c) ?? 0,
      previous: previous.get(c) ?? 0,
      remaining: (budget.get(c) ?? 0) - (actual.get(c) ?? 0),
    }))
    const catTotals = sumColumns(categories, ['budget', 'actual', 'previous', 'remaining'])
    const summary: Row[] = [
      { item: 'billed', amount: billed.current, previous: billed.previous },
      { item: 'received', amount: received.current, previous: received.previous },
      { item: 'costs', amount: catTotals.actual ?? 0, previous: catTotals.previous ?? 0 },
      {
        item: 'result',
        amount: billed.current - (catTotals.actual ?? 0),
        previous: billed.previous - (catTotals.previous ?? 0),
      },
      {
        item: 'cash',
        amount: received.current - (catTotals.actual ?? 0),
        previous: received.previous - (catTotals.previous ?? 0),
      },
    ]
    const chart: ChartSpec = {
      mark: 'groupedBarX',
      unit: 'cents',
      series: ['budget', 'actual', 'previous'],
      xCodes: 'category',
      data: categories.flatMap((r) =>
        (['budget', 'actual', 'previous'] as const).map((s) => ({
          x: String(r.category),
          series: s,
          value: Number(r[s]),
        })),
      ),
    }
    return {
      filters,
      sections: [
        { id: 'categories', columns: BALANCE_CATEGORY_COLUMNS, rows: categories, totals: catTotals },
        { id: 'summary', columns: BALANCE_SUMMARY_COLUMNS, rows: summary, totals: {} },
        apartmentSection,
      ],
      chart,
    }
  },
}

function period(ctx: ReportContext<BalanceParams>) {
  const thisYear = Number(ctx.today.slice(0, 4))
  const year = ctx.params.year ?? thisYear
  const month = ctx.params.month ?? (year === thisYear ? Number(ctx.today.slice(5, 7)) : 12)
  return { year, month }
}

async function apartmentRows(
  db: DB,
  orgId: string,
  from: string,
  to: string,
  own: string[],
  scope: 'all' | 'own',
): Promise<Row[]> {
  if (scope === 'own' && own.length === 0) return []
  let q = db
    .selectFrom('apartments as a')
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.org_id', '=', 'a.org_id').onRef('b.id', '=', 'a.building_id'),
    )
    .leftJoin('finance_invoices as i', (j) =>
      j
        .onRef('i.org_id', '=', 'a.org_id')
        .onRef('i.apartment_id', '=', 'a.id')
        .on('i.period', '>=', sql<Date>`${from}::date`)
        .on('i.period', '<=', sql<Date>`${to}::date`),
    )
    .select([
      'a.id',
      'b.name as building',
      'a.number',
      sql<string>`coalesce(sum(i.amount_cents), 0)`.as('billed'),
      sql<string>`coalesce(sum(least(i.paid_cents, i.amount_cents - i.credited_cents)), 0)`.as('paid'),
      sql<string>`coalesce(sum(greatest(0, i.amount_cents - i.paid_cents - i.credited_cents)), 0)`.as('open'),
    ])
    .where('a.org_id', '=', orgId)
    .groupBy(['a.id', 'b.name', 'a.number'])
    .orderBy('b.name')
    .orderBy('a.number')
  if (scope === 'own') q = q.where('a.id', 'in', own)
  const rows = await q.execute()
  return rows.map((r) => ({
    // "A 1" in building A reads as it is; a bare "1" gets its building's name.
    apartment: r.number.startsWith(`${r.building} `) ? r.number : `${r.building} ${r.number}`,
    billed: num(r.billed),
    paid: num(r.paid),
    outstanding: num(r.open),
  }))
}

async function sumInvoices(db: DB, orgId: string, year: number, month: number) {
  const span = (y: number) =>
    db
      .selectFrom('finance_invoices')
      .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
      .where('org_id', '=', orgId)
      .where('period', '>=', sql<Date>`${`${y}-01-01`}::date`)
      .where('period', '<=', sql<Date>`${monthEnd(y, month)}::date`)
      .executeTakeFirstOrThrow()
  const [current, previous] = await Promise.all([span(year), span(year - 1)])
  return { current: num(current.cents), previous: num(previous.cents) }
}

async function sumPayments(db: DB, orgId: string, year: number, month: number) {
  const span = (y: number) =>
    db
      .selectFrom('finance_payments')
      .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
      .where('org_id', '=', orgId)
      .where('paid_on', '>=', sql<Date>`${`${y}-01-01`}::date`)
      .where('paid_on', '<=', sql<Date>`${monthEnd(y, month)}::date`)
      .executeTakeFirstOrThrow()
  const [current, previous] = await Promise.all([span(year), span(year - 1)])
  return { current: num(current.cents), previous: num(previous.cents) }
}

function apartmentChart(rows: Row[]): ChartSpec {
  return {
    mark: 'groupedBarX',
    unit: 'cents',
    series: ['billed', 'paid', 'overdue'],
    data: rows.flatMap((r) => [
      { x: String(r.apartment), series: 'billed', value: Number(r.billed) },
      { x: String(r.apartment), series: 'paid', value: Number(r.paid) },
      { x: String(r.apartment), series: 'overdue', value: Number(r.outstanding) },
    ]),
  }
}
