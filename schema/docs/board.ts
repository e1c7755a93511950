/**
 * The shape of a task board document (`<orgId>/board/<id>`). Defined once; the client writes
 * through these writers, the tasks projection reads through these readers, and the write guard
 * (collab-server/guard/boardRules.ts) enforces the same fields, so a crafted update cannot step
 * outside it.
 *
 *   columns: Y.Map<columnId, Y.Map>   { id, title, order, archived }
 *   cards:   Y.Map<cardId, Y.Map>     { id, title, description, assigneeId, delegatedOrgId, due,
 *                                       labels, progress, place, archived, createdAt, createdBy,
 *                                       checklist: Y.Map<itemId, { text, done, order }> }
 *
 * Why this shape:
 * - Cards live in a map keyed by id, not in per-column arrays. A move rewrites one value, `place`
 *   = { columnId, order }, atomically: two people moving the same card at once each write their
 *   `place`, Yjs keeps exactly one, and the card ends in exactly one column. Moving in arrays
 *   (delete here, insert there) would duplicate the card under concurrency.
 * - Order within a column is a fractional key (order.ts): a move writes one key, never renumbers.
 * - Nothing is removed: cards and columns are archived (a flag), so a concurrent edit of a card
 *   someone "deleted" is never lost. A card whose column is gone or archived shows in the first
 *   column, so no card can become unreachable.
 * - Every field is its own map entry, so two people editing different fields of one card merge.
 *
 * The module is split by job: board/shape.ts (roots, fields, limits, field checks),
 * board/read.ts (lenient readers), board/write.ts (writers). Import it from here.
 */
export * from './board/read.ts'
export * from './board/shape.ts'
export * from './board/write.ts'
