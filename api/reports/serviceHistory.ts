import { type RawBuilder, sql } from 'kysely'
import type { Row } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import { num } from './module.ts'

/**
 * Report 9's service history: the cases and board tasks done in the held properties in the year,
 * when and by whom: the properties by name (as the table above them), each newest first.
 *
 * - A case is done at its first move to resolved or closed (`firstDone`, the same moment report 9's
 *   "closed" counts and handling days use, so a property's case rows equal its closed count); by
 *   its assignee, else whoever made that move.
 * - A board task is done at progress 100, its last change standing for the day (tasks keep no
 *   history), as report 9's "tasks done" counts it; by the company it is delegated to, else its
 *   assignee.
 * What was done is named by the case's category only — never a title, a description or who
 * reported it: investors read counts and work, not the cooperative's cases (docs/REPORTS.md).
 */
export const HISTORY_PAGE_ROWS = 500

/** (org_id, case_id, at): each case's first move to resolved or closed in these cooperatives. */
export const firstDone = (coops: RawBuilder<unknown>) => sql`
  SELECT h.org_id, h.case_id, min(h.changed_at) AS at FROM case_status_history h
  WHERE h.org_id IN ${coops} AND h.status IN ('resolved', 'closed')
  GROUP BY h.org_id, h.case_id`

export async function serviceHistory(
  db: DB,
  coops: RawBuilder<unknown>,
  range: { from: string; to: string },
  all: boolean,
): Promise<{ rows: (Row & { orgId: string })[]; truncated: boolean }> {
  const { from, to } = range
  // One row more than a page shows tells that there are more.
  const limit = all ? sql`` : sql`LIMIT ${HISTORY_PAGE_ROWS + 1}`
  const result = await sql<{
    org_id: string
    done: string
    work: 'case' | 'task'
    category: string | null
    building: string | null
    done_by: string | null
    days: string | number | null
  }>`
    WITH done AS (${firstDone(coops)})
    SELECT x.* FROM (
      SELECT d.org_id, d.at, to_char(d.at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM-DD') AS done,
        'case' AS work, coalesce(cc.name, c.category) AS category, b.name AS building,
        coalesce(a.name, (
          SELECT u.name FROM case_status_history h JOIN users u ON u.id = h.changed_by
          WHERE h.org_id = d.org_id AND h.case_id = d.case_id AND h.changed_at = d.at
            AND h.status IN ('resolved', 'closed')
          ORDER BY h.seq LIMIT 1)) AS done_by,
        round((extract(epoch FROM d.at - c.created_at) / 86400)::numeric, 1) AS days
      FROM done d
      JOIN cases c ON c.org_id = d.org_id AND c.id = d.case_id
      LEFT JOIN case_categories cc ON cc.org_id = c.org_id AND cc.key = c.category
      LEFT JOIN buildings b ON b.org_id = c.org_id AND b.id = c.building_id
      LEFT JOIN users a ON a.id = c.assignee_id
      WHERE d.at >= ${from}::date AND d.at < ${to}::date
      UNION ALL
      SELECT t.org_id, t.updated_at AS at, to_char(t.updated_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM-DD'),
        'task', NULL, NULL, coalesce(o.name, u.name), NULL
      FROM tasks t
      LEFT JOIN organisations o ON o.id = t.delegated_org_id
      LEFT JOIN users u ON u.id = t.assignee_id
      WHERE t.org_id IN ${coops} AND t.progress >= 100
        AND t.updated_at >= ${from}::date AND t.updated_at < ${to}::date
    ) x
    JOIN organisations p ON p.id = x.org_id
    ORDER BY p.name, x.org_id, x.at DESC, x.work
    ${limit}`.execute(db)
  const truncated = !all && result.rows.length > HISTORY_PAGE_ROWS
  const rows = result.rows.slice(0, all ? undefined : HISTORY_PAGE_ROWS).map((r) => ({
    orgId: r.org_id,
    done: r.done,
    work: r.work,
    category: r.category,
    building: r.building,
    doneBy: r.done_by,
    days: r.days === null ? null : num(r.days),
  }))
  return { rows, truncated }
}
