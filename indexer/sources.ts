import type { Config } from '../schema/config.ts'
import type { DB } from '../server/db/connect.ts'
import type { RecordType, SearchRecord } from '../server/search/types.ts'
import { allBookings, bookingHandlers, countBookings } from './sources/bookings.ts'
import { allCases, caseHandlers, countCases } from './sources/cases.ts'
import { allDocuments, countDocuments, documentHandlers } from './sources/documents.ts'
import { allKb, countKb, KB_TYPES, kbHandlers } from './sources/kb.ts'
import { allMessages, countMessages, messageHandlers } from './sources/messages.ts'
import { allPeople, countPeople, peopleHandlers } from './sources/people.ts'
import { allTasks, countTasks, taskHandlers } from './sources/tasks.ts'

/**
 * What to index for each outbox topic. A handler reads the *current* state of the entity from
 * the tables (never the payload's copy), so applying a row twice, or an old row after a new
 * one, leaves the index right: the operations are idempotent and order-insensitive.
 */
export interface Changes {
  upsert: SearchRecord[]
  delete: string[]
}

export interface SourceContext {
  db: DB
  config: Config
}

export type Handler = (
  ctx: SourceContext,
  row: { orgId: string | null; entityId: string; payload: unknown },
) => Promise<Changes>

export const HANDLERS: Readonly<Record<string, Handler>> = {
  ...peopleHandlers,
  ...messageHandlers,
  ...documentHandlers,
  ...caseHandlers,
  ...taskHandlers,
  ...bookingHandlers,
  ...kbHandlers,
}
export const TOPICS = Object.keys(HANDLERS)

/** Every record of a type, from the tables: what `npm run reindex` feeds the engine. */
export async function* allRecords(ctx: SourceContext, type: RecordType): AsyncGenerator<SearchRecord[]> {
  if (type === 'case') yield* allCases(ctx)
  if (type === 'task') yield* allTasks(ctx)
  if (type === 'booking') yield* allBookings(ctx)
  if (KB_TYPES.includes(type)) yield* allKb(ctx, type)
  if (type === 'person') yield* allPeople(ctx)
  if (type === 'message') yield* allMessages(ctx)
  if (type === 'folder' || type === 'document') yield* allDocuments(ctx, type)
}

/** Rough row counts for the reindex progress bar. */
export async function countRecords(db: DB, type: RecordType): Promise<number> {
  if (KB_TYPES.includes(type)) return countKb(db, type)
  switch (type) {
    case 'person':
      return countPeople(db)
    case 'message':
      return countMessages(db)
    case 'folder':
    case 'document':
      return countDocuments(db, type)
    case 'case':
      return countCases(db)
    case 'task':
      return countTasks(db)
    case 'booking':
      return countBookings(db)
    default:
      return 0
  }
}

export const INDEXED_TYPES: readonly RecordType[] = [
  'person',
  'message',
  'folder',
  'document',
  'case',
  'task',
  'booking',
  ...KB_TYPES,
]
