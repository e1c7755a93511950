import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Notifications that must go out at most once whatever re-runs them: "assigned to you" (a
 * projection re-run or rebuild emits the same assignment again) and due-date reminders (several
 * reminder runners scan the same tasks). `key` names the event (see collab-server/notifications/
 * dedupe.ts); the first writer wins by the primary key, and `source` records which outbox row or
 * reminder run claimed it, so a retry of that same source may finish the delivery.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_dedupe (
      key text PRIMARY KEY CHECK (length(key) <= 300),
      source text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX notification_dedupe_created ON notification_dedupe (created_at)`.execute(db)
  // The reminder scan: open tasks by due date.
  await sql`CREATE INDEX tasks_due ON tasks (due) WHERE NOT archived AND due IS NOT NULL`.execute(db)
}
