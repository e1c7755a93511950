import { sql } from 'kysely'
import type { NotifyOf } from '../../schema/outbox.ts'
import { APARTMENT_PEOPLE } from '../../schema/policy/meters.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef, loadPrincipals } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { OutboxRow } from '../../server/outbox/outbox.ts'
import type { Delivery } from '../notifier.ts'

/**
 * "A reading round started", from the row the round's opening wrote (api/meters/roundNotices.ts).
 * Who hears of it: the owners, owners' representatives and residents whose membership names an
 * apartment of the round's building that has a meter the round asks for (its kind, or any kind),
 * each checked with `meters.submit` on that meter's place: exactly those for whom the round shows
 * on their meters page and dashboard. Not who opened it, not the building's other people, nobody
 * once the round is closed. The item (title: the round's title, body: its due date) links to the
 * meters page, where the reading form is; the client words it in the user's language.
 */
export async function roundDeliveries(
  db: DB,
  row: OutboxRow,
  p: NotifyOf<'round_opened'>,
): Promise<Delivery[]> {
  const round = await db
    .selectFrom('reading_rounds')
    .select(['org_id', 'building_id', 'title', 'kind', 'closed_at'])
    .select(sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'))
    .where('id', '=', p.roundId)
    .executeTakeFirst()
  if (!round || round.closed_at !== null) return []
  const org = await loadOrgRef(db, round.org_id)
  if (!org) return []
  let homes = db
    .selectFrom('meters as m')
    .innerJoin('memberships as ms', (j) =>
      j.onRef('ms.org_id', '=', 'm.org_id').onRef('ms.apartment_id', '=', 'm.apartment_id'),
    )
    .select(['ms.user_id', 'm.apartment_id'])
    .distinct()
    .where('m.org_id', '=', round.org_id)
    .where('m.building_id', '=', round.building_id)
    .where('m.retired_at', 'is', null)
    .where('ms.role', 'in', [...APARTMENT_PEOPLE])
  if (round.kind) homes = homes.where('m.kind', '=', round.kind)
  const rows = (await homes.execute()).filter((r) => r.user_id !== p.actorId)
  const principals = await loadPrincipals(db, [...new Set(rows.map((r) => r.user_id))], true)
  const out: Delivery[] = []
  for (const principal of principals) {
    const mayRead = rows.some(
      (r) =>
        r.user_id === principal.userId &&
        can(principal, 'meters.submit', {
          type: 'meters',
          org,
          place: { buildingId: round.building_id, apartmentId: r.apartment_id },
        }),
    )
    if (!mayRead) continue
    out.push({
      userId: principal.userId,
      prefKind: 'announcement',
      item: {
        id: `${row.id}:${principal.userId}`,
        kind: 'reading_round',
        orgId: org.id,
        link: `/org/${org.id}/meters`,
        title: round.title,
        body: round.due_on,
        createdAt: Date.now(),
      },
    })
  }
  return out
}
