import type { Kysely } from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import {
  type ALSO_ENQUEUED_ON_DELETE,
  OUTBOX_TOPICS,
  type OutboxPayload,
  type OutboxTopic,
  type TRIGGER_TOPICS,
} from '../../schema/outbox.ts'

/**
 * The topics code may write; the trigger topics are the database's own (schema/outbox.ts), except
 * where the code deletes the row the trigger watches.
 */
export type EnqueuedTopic = Exclude<
  OutboxTopic,
  Exclude<(typeof TRIGGER_TOPICS)[number], (typeof ALSO_ENQUEUED_ON_DELETE)[number]>
>

export interface OutboxEntry<T extends EnqueuedTopic> {
  orgId: string | null
  entityId: string
  payload: OutboxPayload<T>
}

/**
 * The one way code writes outbox rows: in the caller's transaction (pass it as `db`), so the
 * row commits with the change or not at all. Each payload is checked against its topic's schema
 * first: a writer that drifts from the contract fails in its own test, not later in a consumer.
 * The payload is stored as JSON text, cast by the jsonb column (see server/db/json.ts for why).
 */
export async function enqueue<T extends EnqueuedTopic>(
  db: Kysely<Database>,
  topic: T,
  entries: OutboxEntry<T> | readonly OutboxEntry<T>[],
): Promise<void> {
  const list = Array.isArray(entries) ? (entries as readonly OutboxEntry<T>[]) : [entries as OutboxEntry<T>]
  if (list.length === 0) return
  const schema = OUTBOX_TOPICS[topic]
  await db
    .insertInto('outbox')
    .values(
      list.map((e) => ({
        org_id: e.orgId,
        topic,
        entity_id: e.entityId,
        payload: JSON.stringify(schema.parse(e.payload)),
      })),
    )
    .execute()
}
