import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 19, session 15: the work queue's page across many cooperatives (api/workqueue/queue.ts)
 * in its own order, whatever the cooperative: open cases by priority rank, due date, newest, id.
 * `cases_queue_page` (0051) leads with the cooperative, so it serves one cooperative's queue; a
 * manager of the 500 cooperatives of the reports benchmark's data had every open case of them
 * read and sorted (5,500 rows, a top-N sort, 15 ms) to keep 51. With this the page is read in
 * order and stops at 51 rows of cooperatives in reach. The rank expression and the open statuses
 * are exactly the query's (literals, so a generic plan can prove the partial index applies).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX cases_queue_order ON cases (
      (CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END) DESC,
      due_date ASC NULLS LAST,
      created_at DESC,
      id
    ) WHERE status IN ('new', 'in_progress', 'waiting')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_queue_order`.execute(db)
}
