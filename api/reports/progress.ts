import { sql } from 'kysely'
import { notFound } from '../../schema/errors.ts'
import { addMonths, type ChartSpec, monthsBetween, type Row } from '../../schema/reports/common.ts'
import { PROGRESS_COLUMNS, ProgressParams } from '../../schema/reports/progress.ts'
import { jsonb } from '../../server/db/json.ts'
import { num, type ReportModule } from './module.ts'

/**
 * Report 4, project progress: the tasks delegated to contractors (a board, or a label), with
 * status (done at progress 100), due date and overdue, and a burn-up of the last 12 months (tasks
 * done by the end of each month against all of them; a task's last change stands for when it was
 * done, as tasks keep no history). In a cooperative: its delegated tasks (board, manager); in a
 * partner company: the tasks delegated to it in every cooperative (its contractors).
 */
export const progressReport: ReportModule<ProgressParams> = {
  params: ProgressParams,
  async run(ctx) {
    const { db, access, params } = ctx
    const org = access.org
    const partner = org.kind === 'partner_company'
    // Whose delegated tasks: a cooperative's own, or those delegated to a partner company.
    const mine = partner ? sql`t.delegated_org_id = ${org.id}` : sql`t.org_id = ${org.id}`
    // The filters' choices: the boards with such tasks and those tasks' labels, whatever is chosen.
    const [boards, labels] = await Promise.all([
      sql<{ id: string; title: string; property: string }>`
        SELECT b.id, b.title, o.name AS property FROM boards b JOIN organisations o ON o.id = b.org_id
        WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.board_id = b.id AND t.org_id = b.org_id
          AND NOT t.archived AND t.delegated_org_id IS NOT NULL AND ${mine})
        ORDER BY o.name, b.title`.execute(db),
      sql<{ label: string }>`
        SELECT DISTINCT l.label FROM tasks t, jsonb_array_elements_text(t.labels) AS l(label)
        WHERE NOT t.archived AND t.delegated_org_id IS NOT NULL AND ${mine}
        ORDER BY l.label`.execute(db),
    ])
    // A board another cooperative's (or, for a company, one with no task delegated to it) is 404,
    // as any id this reader cannot see; a cooperative's own board without such tasks shows none.
    if (params.boardId && !boards.rows.some((b) => b.id === params.boardId)) {
      const own = partner
        ? undefined
        : await db
            .selectFrom('boards')
            .select('id')
            .where('id', '=', params.boardId)
            .where('org_id', '=', org.id)
            .executeTakeFirst()
      if (!own) throw notFound('The board')
    }
    const rows = await sql<{
      property: string
      board: string
      title: string
      due: string | null
      progress: number
      updated: string
    }>`
      SELECT o.name AS property, b.title AS board, t.title, to_char(t.due, 'YYYY-MM-DD') AS due, t.progress,
        to_char(t.updated_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS updated
      FROM tasks t JOIN boards b ON b.id = t.board_id JOIN organisations o ON o.id = t.org_id
      WHERE NOT t.archived AND t.delegated_org_id IS NOT NULL
        AND ${mine}
        ${params.boardId ? sql`AND t.board_id = ${params.boardId}` : sql``}
        ${params.label ? sql`AND t.labels @> ${jsonb([params.label])}` : sql``}
      ORDER BY o.name, b.title, t.due NULLS LAST, t.title
      LIMIT 5000`.execute(db)
    const out: Row[] = rows.rows.map((r) => {
      const done = num(r.progress) >= 100
      return {
        property: r.property,
        board: r.board,
        task: r.title,
        status: done ? 'done' : 'open',
        due: r.due,
        overdue: !done && r.due !== null && r.due < ctx.today ? 1 : 0,
        progress: num(r.progress),
      }
    })
    const now = ctx.today.slice(0, 7)
    const months = monthsBetween(addMonths(now, -11), now)
    const chart: ChartSpec = {
      mark: 'line',
      unit: 'count',
      series: ['done', 'total'],
      data: months.flatMap((m) => [
        {
          x: m,
          series: 'done',
          value: rows.rows.filter((r) => num(r.progress) >= 100 && r.updated <= m).length,
        },
        { x: m, series: 'total', value: rows.rows.length },
      ]),
    }
    return {
      filters: {
        ...(params.boardId ? { boardId: params.boardId } : {}),
        ...(params.label ? { label: params.label } : {}),
      },
      sections: [
        {
          id: 'tasks',
          columns: PROGRESS_COLUMNS,
          rows: out,
          totals: { overdue: out.reduce((s, r) => s + Number(r.overdue), 0) },
        },
      ],
      chart,
      options: {
        // A contractor's boards are in several cooperatives: the cooperative names each.
        boardId: boards.rows.map((b) => ({
          value: b.id,
          label: partner ? `${b.property} · ${b.title}` : b.title,
        })),
        label: labels.rows.map((l) => ({ value: l.label, label: l.label })),
      },
    }
  },
}
