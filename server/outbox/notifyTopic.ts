/**
 * The outbox topic of everything that becomes an inbox item: written by case creation, the case,
 * thread and board projections, the booking transaction and the due-date reminder job; consumed
 * by the notifier (collab-server/notifier.ts).
 */
export const NOTIFY_TOPIC = 'notify'
