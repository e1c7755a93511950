import { type Kysely, sql } from 'kysely'
import type * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import type { DocRef } from '../../schema/docs/names.ts'

/**
 * Parking of document items a projection cannot write. Compaction folds the update log into the
 * snapshot and projects the document in one transaction; if one item's row fails, the whole
 * transaction fails, and it fails again at every later compaction of that document: nothing more
 * reaches messages, search, notifications or the archive, and the log grows without bound. So a
 * projection writes what it can, parks what it cannot (a row in `projection_parked`, once per
 * item) and reports it; persistence logs an alert line and counts it (`projectionParked`).
 */
export interface ParkedItem {
  docName: string
  /** The document item's Yjs id, `<client>:<clock>`. */
  item: string
  orgId: string | null
  entityId: string
  authorId: string | null
  reason: string
}

/** What a projection tells compaction besides its rows: the items it parked for the first time. */
export interface ProjectionReport {
  parked: ParkedItem[]
}

export const itemKey = (type: { _item: Y.Item | null }): string => {
  const id = type._item?.id
  return id ? `${id.client}:${id.clock}` : 'root'
}

export function parkedItem(
  ref: DocRef,
  type: { _item: Y.Item | null },
  entityId: string,
  authorId: string | null,
  reason: string,
): ParkedItem {
  return {
    docName: ref.name,
    item: itemKey(type),
    orgId: ref.kind === 'inbox' ? null : ref.orgId,
    entityId,
    authorId,
    reason: reason.slice(0, 500),
  }
}

/** Records the items; returns those not parked before (each is reported once). */
export async function park(trx: Kysely<Database>, items: readonly ParkedItem[]): Promise<ParkedItem[]> {
  if (items.length === 0) return []
  const unique = [...new Map(items.map((i) => [`${i.docName}\n${i.item}`, i])).values()]
  const rows = await trx
    .insertInto('projection_parked')
    .values(
      unique.map((i) => ({
        doc_name: i.docName,
        item: i.item,
        org_id: i.orgId,
        entity_id: i.entityId,
        author_id: i.authorId,
        reason: i.reason,
      })),
    )
    .onConflict((oc) => oc.columns(['doc_name', 'item']).doNothing())
    .returning('item')
    .execute()
  const fresh = new Set(rows.map((r) => r.item))
  return unique.filter((i) => fresh.has(i.item))
}

let savepoints = 0

/** Runs `work` under a savepoint; on failure rolls back to it and returns the error. */
async function attempt(trx: Kysely<Database>, work: () => Promise<void>): Promise<unknown> {
  const name = sql.raw(`kp_row_${++savepoints}`)
  await sql`SAVEPOINT ${name}`.execute(trx)
  try {
    await work()
    await sql`RELEASE SAVEPOINT ${name}`.execute(trx)
    return null
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx)
    return error ?? new Error('failed')
  }
}

/**
 * Writes `rows` with `write` in one statement; if the database refuses it, writes them one by one
 * and returns the rows it refused with the reason, having written all the others.
 */
export async function writeEach<T>(
  trx: Kysely<Database>,
  rows: readonly T[],
  write: (rows: readonly T[]) => Promise<void>,
): Promise<Array<{ row: T; reason: string }>> {
  if (rows.length === 0) return []
  if ((await attempt(trx, () => write(rows))) === null) return []
  const refused: Array<{ row: T; reason: string }> = []
  for (const row of rows) {
    const error = await attempt(trx, () => write([row]))
    if (error !== null) refused.push({ row, reason: `not written: ${errorMessage(error)}` })
  }
  return refused
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error))
