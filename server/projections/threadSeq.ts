import { type Kysely, sql } from 'kysely'
import type { Database } from '../../schema/db/types.ts'

const CHUNK = 500

/**
 * A thread's order (`messages.seq`) is the live document's order, after every archived message.
 *
 * Why not "the next number" for a new message: Yjs places a message written offline after what
 * its author last saw, so it can land before messages that already have numbers. The archive is
 * paged by `seq` below the oldest live message and archive rounds take the document's oldest
 * messages, so a number that disagrees with the document hid whole archive pages and later the
 * late message itself (issue 21). Here every live, unarchived message is numbered by its place
 * in the document above the archive's highest number; archived rows keep theirs. In the usual
 * case (messages appended) nothing changes; a late message renumbers the live ones after it (at
 * most the live part, a few hundred rows). Each compaction recomputes this, so a run that raced
 * an archive round on another instance is corrected by the next one.
 *
 * `live` is the document's messages in order, each with its row when it has one (archived_at
 * set: archived by another instance whose deletion this copy has not seen; it keeps its number).
 * Returns the number of each live message; rows whose number changed are updated here.
 */
export async function numberInDocumentOrder(
  trx: Kysely<Database>,
  threadId: string,
  live: ReadonlyArray<{ id: string; row?: { seq: number; archived_at: Date | null } }>,
): Promise<Map<string, number>> {
  const top = await trx
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('thread_id', '=', threadId)
    .where('archived_at', 'is not', null)
    .executeTakeFirst()
  let next = top?.seq ?? 0
  const seqs = new Map<string, number>()
  const moved: Array<{ id: string; seq: number }> = []
  for (const { id, row } of live) {
    if (row?.archived_at) {
      seqs.set(id, row.seq)
      continue
    }
    const seq = ++next
    seqs.set(id, seq)
    if (row && row.seq !== seq) moved.push({ id, seq })
  }
  // One statement per 500 moved rows, not one per row: in a busy channel concurrent posts often
  // land before numbered ones and renumber most of the live part, and 200 single-row updates
  // held PGlite's one connection for up to 700 ms per compaction (issue 21, bench:busy).
  for (let i = 0; i < moved.length; i += CHUNK) {
    const rows = moved.slice(i, i + CHUNK).map(({ id, seq }) => sql`(${id}, ${seq}::int)`)
    await sql`
      UPDATE messages SET seq = moved.seq
      FROM (VALUES ${sql.join(rows)}) AS moved(id, seq)
      WHERE messages.thread_id = ${threadId} AND messages.id = moved.id`.execute(trx)
  }
  return seqs
}
