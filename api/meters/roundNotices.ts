import type { DB } from '../../server/db/connect.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'

/**
 * The `notify` rows of reading rounds, written in the transaction that makes the change (so a
 * refused reading or a rolled-back import tells nobody). The notifier in the collab process turns
 * `round_opened` into inbox items for the residents and owners whose meters the round asks for
 * (collab-server/notifications/roundDeliveries.ts), and both kinds into a stateless signal on
 * the open inboxes of those who oversee the building, whose round pages then refetch who has
 * submitted (collab-server/notifications/roundActivity.ts).
 */

export async function announceRoundOpened(
  trx: DB,
  orgId: string,
  roundId: string,
  actorId: string | null,
): Promise<void> {
  await enqueue(trx, 'notify', {
    orgId,
    entityId: roundId,
    payload: { type: 'round_opened', roundId, actorId },
  })
}

/** The round's progress changed for a reason other than a reading (it was closed). */
export async function announceRoundChanged(trx: DB, orgId: string, roundId: string): Promise<void> {
  await enqueue(trx, 'notify', { orgId, entityId: roundId, payload: { type: 'round_progress', roundId } })
}

/**
 * Readings were stored or settled: one row per open round that may count them, i.e. a round of
 * the meter's building, of its kind (or of every kind), whose dates meet the readings' dates.
 * Several readings (an import batch) are announced together: one row per round, not per reading.
 */
export async function announceReadings(
  trx: DB,
  orgId: string,
  readings: readonly { meterId: string; readOn: string }[],
): Promise<void> {
  if (readings.length === 0) return
  const dates = readings.map((r) => r.readOn).sort()
  const rounds = await trx
    .selectFrom('reading_rounds as r')
    .innerJoin('meters as m', (j) =>
      j.onRef('m.org_id', '=', 'r.org_id').onRef('m.building_id', '=', 'r.building_id'),
    )
    .select('r.id')
    .distinct()
    .where('r.org_id', '=', orgId)
    .where('r.closed_at', 'is', null)
    .where('m.id', 'in', [...new Set(readings.map((r) => r.meterId))])
    .where((eb) => eb.or([eb('r.kind', 'is', null), eb('r.kind', '=', eb.ref('m.kind'))]))
    .where('r.opens_on', '<=', dates.at(-1)!)
    .where('r.due_on', '>=', dates[0]!)
    .execute()
  await enqueue(
    trx,
    'notify',
    rounds.map((r) => ({
      orgId,
      entityId: r.id,
      payload: { type: 'round_progress' as const, roundId: r.id },
    })),
  )
}
