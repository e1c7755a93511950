import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  BudgetQuery,
  type BudgetResponse,
  FinanceOrgParam,
  type OverdueResponse,
} from '../../schema/api/finance.ts'
import { COST_CATEGORIES, type CostCategory } from '../../schema/finance/kinds.ts'
import { AGEING_BUCKETS, ageingBucket, helsinkiToday } from '../../schema/finance/status.ts'
import { financeAbilitiesIn } from '../../schema/policy/finance.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeFinance } from './access.ts'
import { dateText, num } from './dates.ts'

/** The cooperative's finance: abilities, overdue receivables with ageing, budget vs actual. */
export const cooperativeRoutes = new Hono<AppEnv>()

const OVERDUE_LIST_LIMIT = 500

cooperativeRoutes.get(
  '/:orgId/abilities',
  describeRoute({ summary: 'What the caller may do in the finance of this organisation', tags: ['finance'] }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').orgId, 'org.read')
    return c.json(financeAbilitiesIn(c.get('principal'), org))
  },
)

cooperativeRoutes.get(
  '/:orgId/overdue',
  describeRoute({
    summary: 'Overdue invoices with ageing buckets (0–30, 31–60, 61–90, over 90 days)',
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'finance.read')
    const { db } = c.get('deps')
    const today = helsinkiToday()
    const open = sql<number>`(i.amount_cents - i.paid_cents - i.credited_cents)`
    const base = db
      .selectFrom('finance_invoices as i')
      .where('i.org_id', '=', org.id)
      .where(sql<boolean>`i.paid_cents + i.credited_cents < i.amount_cents`)
      .where('i.due_date', '<', sql<Date>`${today}::date`)
    const days = sql<number>`(${today}::date - i.due_date)`
    const [totals, rows] = await Promise.all([
      base
        .select([
          sql<string>`CASE WHEN ${days} <= 30 THEN 'd0_30' WHEN ${days} <= 60 THEN 'd31_60' WHEN ${days} <= 90 THEN 'd61_90' ELSE 'd90_plus' END`.as(
            'bucket',
          ),
          sql<string>`count(*)`.as('count'),
          sql<string>`sum(${open})`.as('open'),
        ])
        .groupBy('bucket')
        .execute(),
      base
        .innerJoin('apartments as a', (j) =>
          j.onRef('a.org_id', '=', 'i.org_id').onRef('a.id', '=', 'i.apartment_id'),
        )
        .select([
          'i.id',
          'i.apartment_id',
          'a.number',
          'i.payer_name',
          'i.kind',
          'i.reference',
          dateText('i.due_date').as('due_date'),
          open.as('open'),
          days.as('days'),
        ])
        .orderBy('i.due_date')
        .orderBy('a.number')
        .limit(OVERDUE_LIST_LIMIT + 1)
        .execute(),
    ])
    const buckets = Object.fromEntries(
      AGEING_BUCKETS.map((b) => [b, { count: 0, openCents: 0 }]),
    ) as OverdueResponse['buckets']
    for (const t of totals)
      buckets[t.bucket as keyof typeof buckets] = { count: num(t.count), openCents: num(t.open) }
    const body: OverdueResponse = {
      today,
      buckets,
      totalCents: Object.values(buckets).reduce((s, b) => s + b.openCents, 0),
      truncated: rows.length > OVERDUE_LIST_LIMIT,
      items: rows.slice(0, OVERDUE_LIST_LIMIT).map((r) => ({
        invoiceId: r.id,
        apartmentId: r.apartment_id,
        apartmentNumber: r.number,
        payerName: r.payer_name,
        kind: r.kind,
        dueDate: r.due_date,
        reference: r.reference,
        openCents: num(r.open),
        daysOverdue: num(r.days),
        bucket: ageingBucket(num(r.days)),
      })),
    }
    return c.json(body)
  },
)

cooperativeRoutes.get(
  '/:orgId/budget',
  describeRoute({
    summary: 'Budget vs actual by cost category for a fiscal year (default: the latest)',
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  valid('query', BudgetQuery),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'finance.read')
    const { db } = c.get('deps')
    const yearRows = await sql<{ y: number }>`
      SELECT DISTINCT fiscal_year AS y FROM finance_budgets WHERE org_id = ${org.id}
      UNION SELECT DISTINCT fiscal_year FROM finance_actuals WHERE org_id = ${org.id}
      ORDER BY y DESC`.execute(db)
    const years = yearRows.rows.map((r) => num(r.y))
    const year = c.req.valid('query').year ?? years[0] ?? Number(helsinkiToday().slice(0, 4))
    const [budgets, actuals] = await Promise.all([
      db
        .selectFrom('finance_budgets')
        .select(['category', sql<string>`sum(amount_cents)`.as('cents')])
        .where('org_id', '=', org.id)
        .where('fiscal_year', '=', year)
        .groupBy('category')
        .execute(),
      db
        .selectFrom('finance_actuals')
        .select(['category', 'month', sql<string>`sum(amount_cents)`.as('cents')])
        .where('org_id', '=', org.id)
        .where('fiscal_year', '=', year)
        .groupBy(['category', 'month'])
        .execute(),
    ])
    const lines = new Map<CostCategory, { budget: number; monthly: number[] }>()
    const line = (cat: CostCategory) => {
      const found = lines.get(cat)
      if (found) return found
      const fresh = { budget: 0, monthly: Array<number>(12).fill(0) }
      lines.set(cat, fresh)
      return fresh
    }
    for (const b of budgets) line(b.category).budget += num(b.cents)
    for (const a of actuals) {
      const monthly = line(a.category).monthly
      monthly[a.month - 1] = (monthly[a.month - 1] ?? 0) + num(a.cents)
    }
    const body: BudgetResponse = {
      year,
      years,
      lines: COST_CATEGORIES.filter((cat) => lines.has(cat)).map((category) => {
        const l = line(category)
        const actual = l.monthly.reduce((s, m) => s + m, 0)
        return {
          category,
          budgetCents: l.budget,
          actualCents: actual,
          differenceCents: actual - l.budget,
          monthly: l.monthly,
        }
      }),
      totals: { budgetCents: 0, actualCents: 0 },
    }
    for (const l of body.lines) {
      body.totals.budgetCents += l.budgetCents
      body.totals.actualCents += l.actualCents
    }
    return c.json(body)
  },
)
