import { type ExpressionBuilder, sql } from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import { notFound } from '../../schema/errors.ts'
import { AGEING_BUCKETS } from '../../schema/finance/status.ts'
import {
  BILLING_AGEING_COLUMNS,
  BILLING_INVOICE_COLUMNS,
  BILLING_PAGE_ROWS,
  BillingParams,
} from '../../schema/reports/billing.ts'
import type { ChartSpec, Row, Section } from '../../schema/reports/common.ts'
import { num, type ReportContext, type ReportModule } from './module.ts'

/**
 * Report 3, billing details: the invoices of a year (by period), by kind, status and ageing, for
 * the cooperative or one apartment. Status is derived as schema/finance/status.ts derives it, in
 * SQL so it can be filtered on. Totals, ageing and the chart are over every matching invoice; the
 * table shows the first BILLING_PAGE_ROWS and the export streams them all (keyset by due date, id).
 */
type Ctx = ReportContext<BillingParams>
type EB = ExpressionBuilder<Database & { i: Database['finance_invoices'] }, 'i'>

const STATUS = (today: string) => sql<string>`CASE
  WHEN i.credited_cents >= i.amount_cents THEN 'credited'
  WHEN i.paid_cents >= i.amount_cents - i.credited_cents THEN 'paid'
  WHEN i.due_date < ${today}::date THEN 'overdue'
  WHEN i.paid_cents > 0 THEN 'partly_paid'
  ELSE 'open' END`
const OPEN = sql<number>`greatest(0, i.amount_cents - i.paid_cents - i.credited_cents)`
const AGE = (today: string) => sql<string>`CASE
  WHEN i.paid_cents + i.credited_cents >= i.amount_cents OR i.due_date >= ${today}::date THEN ''
  WHEN ${today}::date - i.due_date <= 30 THEN 'd0_30'
  WHEN ${today}::date - i.due_date <= 60 THEN 'd31_60'
  WHEN ${today}::date - i.due_date <= 90 THEN 'd61_90'
  ELSE 'd90_plus' END`

function year(ctx: Ctx) {
  return ctx.params.year ?? Number(ctx.today.slice(0, 4))
}

/** The invoices the filters and the caller's scope select. */
function base(ctx: Ctx) {
  const y = year(ctx)
  const { params, access } = ctx
  if (access.scope === 'own' && params.apartmentId && !access.own.includes(params.apartmentId)) {
    throw notFound('The apartment')
  }
  let q = ctx.db
    .selectFrom('finance_invoices as i')
    .where('i.org_id', '=', access.org.id)
    .where('i.period', '>=', sql<Date>`${`${y}-01-01`}::date`)
    .where('i.period', '<=', sql<Date>`${`${y}-12-31`}::date`)
  if (params.kind) q = q.where('i.kind', '=', params.kind)
  if (params.apartmentId) q = q.where('i.apartment_id', '=', params.apartmentId)
  if (access.scope === 'own') {
    q = access.own.length > 0 ? q.where('i.apartment_id', 'in', access.own) : q.where(sql<boolean>`false`)
  }
  if (params.status) q = q.where((eb: EB) => eb(STATUS(ctx.today), '=', params.status as string))
  return q
}

function invoiceRows(ctx: Ctx) {
  return base(ctx)
    .innerJoin('apartments as a', (j) =>
      j.onRef('a.org_id', '=', 'i.org_id').onRef('a.id', '=', 'i.apartment_id'),
    )
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.org_id', '=', 'a.org_id').onRef('b.id', '=', 'a.building_id'),
    )
    .select([
      'i.id',
      sql<string>`CASE WHEN a.number LIKE b.name || ' %' THEN a.number ELSE b.name || ' ' || a.number END`.as(
        'apartment',
      ),
      'i.kind',
      sql<string>`to_char(i.period, 'YYYY-MM')`.as('period'),
      sql<string>`to_char(i.due_date, 'YYYY-MM-DD')`.as('due'),
      STATUS(ctx.today).as('status'),
      AGE(ctx.today).as('ageing'),
      'i.amount_cents',
      sql<number>`least(i.paid_cents, i.amount_cents - i.credited_cents)`.as('paid'),
      OPEN.as('open'),
    ])
    .orderBy('i.due_date')
    .orderBy('i.id')
}

const toRow = (r: Awaited<ReturnType<ReturnType<typeof invoiceRows>['execute']>>[number]): Row => ({
  apartment: r.apartment,
  kind: r.kind,
  period: r.period,
  dueDate: r.due,
  status: r.status,
  ageing: r.ageing,
  amount: num(r.amount_cents),
  paid: num(r.paid),
  open: num(r.open),
})

export const billingReport: ReportModule<BillingParams> = {
  params: BillingParams,
  async run(ctx) {
    const limit = ctx.all ? Number.MAX_SAFE_INTEGER : BILLING_PAGE_ROWS
    const [rows, totals, ageing, byMonth] = await Promise.all([
      invoiceRows(ctx)
        .limit(Math.min(limit + 1, 1_000_000))
        .execute(),
      base(ctx)
        .select([
          sql<string>`coalesce(sum(i.amount_cents), 0)`.as('amount'),
          sql<string>`coalesce(sum(least(i.paid_cents, i.amount_cents - i.credited_cents)), 0)`.as('paid'),
          sql<string>`coalesce(sum(${OPEN}), 0)`.as('open'),
        ])
        .executeTakeFirstOrThrow(),
      base(ctx)
        .select([
          AGE(ctx.today).as('ageing'),
          sql<string>`count(*)`.as('n'),
          sql<string>`sum(${OPEN})`.as('open'),
        ])
        .groupBy('ageing')
        .execute(),
      base(ctx)
        .select([
          sql<string>`to_char(i.period, 'YYYY-MM')`.as('month'),
          STATUS(ctx.today).as('status'),
          sql<string>`sum(i.amount_cents)`.as('cents'),
        ])
        .groupBy(['month', 'status'])
        .orderBy('month')
        .execute(),
    ])
    const ageingRows: Row[] = AGEING_BUCKETS.map((b) => {
      const found = ageing.find((a) => a.ageing === b)
      return { ageing: b, count: num(found?.n), open: num(found?.open) }
    })
    const chart: ChartSpec = {
      mark: 'stackedBarY',
      unit: 'cents',
      series: ['paid', 'partly_paid', 'open', 'overdue', 'credited'],
      data: byMonth.map((m) => ({ x: m.month, series: m.status, value: num(m.cents) })),
    }
    const sections: Section[] = [
      {
        id: 'invoices',
        columns: BILLING_INVOICE_COLUMNS,
        rows: rows.slice(0, limit).map(toRow),
        totals: { amount: num(totals.amount), paid: num(totals.paid), open: num(totals.open) },
        truncated: rows.length > limit,
      },
      {
        id: 'ageing',
        columns: BILLING_AGEING_COLUMNS,
        rows: ageingRows,
        totals: {
          count: ageingRows.reduce((s, r) => s + Number(r.count), 0),
          open: ageingRows.reduce((s, r) => s + Number(r.open), 0),
        },
      },
    ]
    return {
      filters: {
        year: year(ctx),
        ...(ctx.params.kind ? { kind: ctx.params.kind } : {}),
        ...(ctx.params.status ? { status: ctx.params.status } : {}),
        ...(ctx.params.apartmentId ? { apartmentId: ctx.params.apartmentId } : {}),
      },
      sections,
      chart,
    }
  },
  stream: {
    section: 'invoices',
    async *rows(ctx) {
      let after: { due: string; id: string } | null = null
      for (;;) {
        let q = invoiceRows(ctx).limit(5000)
        if (after) {
          const a: { due: string; id: string } = after
          q = q.where(sql<boolean>`(i.due_date, i.id) > (${a.due}::date, ${a.id}::uuid)`)
        }
        const batch = await q.execute()
        if (batch.length === 0) return
        yield batch.map(toRow)
        const last = batch[batch.length - 1]!
        after = { due: last.due, id: last.id }
        if (batch.length < 5000) return
      }
    },
  },
}
