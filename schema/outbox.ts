import { z } from 'zod'

/**
 * The outbox contract: every topic a row of `outbox` can carry, with the zod schema of its
 * payload, declared once. Writers go through `enqueue` (server/outbox/enqueue.ts), which checks
 * the payload against this table; readers through `payloadOf`, which parses it back. The topics
 * marked "trigger" are written by database triggers (migrations 0004, 0013, 0014), never by code:
 * search rows come from both, see docs/ARCHITECTURE.md ("The outbox").
 *
 * Ids are plain strings here: card ids are not uuids, and a payload is checked for its shape,
 * not re-validated as a request would be.
 */
const Id = z.string().min(1)
const OrgOnly = z.object({ orgId: Id })

/** `notify`: everything that becomes an inbox item, consumed by the notifier (collab). */
export const NotifyPayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('case_created'), caseId: Id, actorId: Id }),
  z.object({ type: z.literal('case_status'), caseId: Id, status: z.string(), actorId: Id.nullable() }),
  z.object({ type: z.literal('case_assigned'), caseId: Id, assigneeId: Id, actorId: Id.nullable() }),
  z.object({
    type: z.literal('messages'),
    threadId: Id,
    messages: z.array(z.object({ id: Id, authorId: Id, text: z.string() })),
  }),
  z.object({
    type: z.literal('task_assigned'),
    boardId: Id,
    cardId: Id,
    assigneeId: Id,
    stamp: z.string(),
    actorId: Id.nullable().optional(),
  }),
  z.object({
    type: z.literal('task_delegated'),
    boardId: Id,
    cardId: Id,
    delegatedOrgId: Id,
    stamp: z.string(),
    actorId: Id.nullable().optional(),
  }),
  z.object({
    type: z.literal('task_due'),
    boardId: Id,
    cardId: Id,
    due: z.string(),
    stage: z.enum(['soon', 'overdue']),
  }),
  z.object({
    type: z.enum(['booking_confirmed', 'booking_cancelled']),
    bookingId: Id,
    actorId: Id.nullable(),
  }),
  z.object({ type: z.literal('invoice_paid'), invoiceId: Id }),
  /** An organisation's staff refused the person's erasure request (api/gdpr/orgRoutes.ts). */
  z.object({ type: z.literal('erasure_refused'), requestId: Id }),
  /** A reading round opened: an item for the residents whose meters it asks for, a signal for staff. */
  z.object({ type: z.literal('round_opened'), roundId: Id, actorId: Id.nullable() }),
  /** A round's "who has submitted" changed (a reading in it, a review, closing): a signal only, no item. */
  z.object({ type: z.literal('round_progress'), roundId: Id }),
])
export type NotifyPayload = z.infer<typeof NotifyPayload>
export type NotifyOf<T extends NotifyPayload['type']> = Extract<NotifyPayload, { type: T }>

/** Rows written by triggers carry no payload the consumer reads (it reads the tables). */
const FromTrigger = z.unknown()

export const OUTBOX_TOPICS = {
  notify: NotifyPayload,
  /** A message written, edited, hidden, archived or erased: the indexer. */
  'message.changed': z.object({ threadId: Id, messageId: Id, authorId: Id.nullable() }),
  /**
   * A card's row changed in the tasks projection. No process claims it today: the notifier reads
   * `notify` rows and the indexer `task.search` (trigger); it is kept as the projection's record
   * of assignment changes (collab-server/boards.test.ts reads it).
   */
  'task.changed': z.object({
    boardId: Id,
    cardId: Id,
    assigneeId: Id.nullable(),
    previousAssigneeId: Id.nullable(),
    delegatedOrgId: Id.nullable(),
    previousDelegatedOrgId: Id.nullable(),
  }),
  'document.changed': OrgOnly,
  'folder.changed': OrgOnly,
  'article.changed': OrgOnly,
  'material.changed': OrgOnly,
  'product.changed': OrgOnly,
  /** A person's GDPR export to prepare (api/gdpr/export/worker.ts); entity = the export's id. */
  'gdpr.export': z.object({}),
  /** trigger (0004): memberships and users; payload `{ orgId, userId }`. */
  'person.changed': z.object({ orgId: Id, userId: Id }),
  /** trigger (0013). */
  'case.search': FromTrigger,
  /** trigger (0013); entity `<boardId>:<cardId>`. */
  'task.search': FromTrigger,
  /** trigger (0013). */
  'board.search': FromTrigger,
  /** trigger (0014). */
  'booking.search': FromTrigger,
  /** trigger (0014). */
  'booking.apartment': FromTrigger,
  /** trigger (0014). */
  'booking.resource': FromTrigger,
} as const satisfies Record<string, z.ZodType>

export type OutboxTopic = keyof typeof OUTBOX_TOPICS
export type OutboxPayload<T extends OutboxTopic> = z.infer<(typeof OUTBOX_TOPICS)[T]>

/** The topics only database triggers write (the code never enqueues them). */
export const TRIGGER_TOPICS = [
  'person.changed',
  'case.search',
  'task.search',
  'board.search',
  'booking.search',
  'booking.apartment',
  'booking.resource',
] as const satisfies readonly OutboxTopic[]

/**
 * Trigger topics the code also writes, when it deletes the row: the row triggers fire on INSERT
 * and UPDATE only, so whoever deletes a case tells the indexer itself (api/retention/rules.ts).
 */
export const ALSO_ENQUEUED_ON_DELETE = [
  'case.search',
] as const satisfies readonly (typeof TRIGGER_TOPICS)[number][]

export const isOutboxTopic = (topic: string): topic is OutboxTopic => Object.hasOwn(OUTBOX_TOPICS, topic)

/**
 * A row's payload, parsed by its topic's schema. postgres.js hands a jsonb column back as the
 * pre-serialised string it was written as, PGlite as an object: both arrive here. Throws on a
 * payload that does not fit (the worker retries and finally parks the row with the message).
 */
export function payloadOf<T extends OutboxTopic>(topic: T, payload: unknown): OutboxPayload<T> {
  const value = typeof payload === 'string' ? JSON.parse(payload) : payload
  const parsed = OUTBOX_TOPICS[topic].safeParse(value)
  if (!parsed.success) throw new Error(`outbox ${topic}: bad payload: ${parsed.error.message.slice(0, 300)}`)
  return parsed.data as OutboxPayload<T>
}
