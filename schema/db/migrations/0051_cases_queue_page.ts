import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Issue 19: the work queue's page (api/workqueue/queue.ts) in its own order, for one cooperative:
 * open cases by priority rank (urgent first), due date (soonest, none last), newest, id. Without it
 * every request read all the cooperative's open cases and sorted them to keep the first 51. The
 * rank expression and the open statuses must stay exactly as the query writes them (literals, so
 * a prepared statement's generic plan can still prove the partial index applies).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX cases_queue_page ON cases (
      org_id,
      (CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END) DESC,
      due_date ASC NULLS LAST,
      created_at DESC,
      id
    ) WHERE status IN ('new', 'in_progress', 'waiting')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_queue_page`.execute(db)
}
