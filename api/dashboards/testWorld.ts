import type { DB } from '../../server/db/connect.ts'
import { financeWorld } from '../finance/testWorld.ts'
import { addCase } from '../workqueue/testWorld.ts'

/**
 * The finance test world (a managed cooperative with apartments A 1 and A 2, one person per role,
 * a contractor, an investor and a stranger in another cooperative) with a second building and
 * two done cases: a closed one in A 1 (assigned to maintenance) and a resolved one in building B,
 * plus one still open in A 1.
 */
export async function dashboardWorld(db: DB) {
  const w = await financeWorld(db)
  const { building_id: buildingId } = await db
    .selectFrom('apartments')
    .select('building_id')
    .where('id', '=', w.a1)
    .executeTakeFirstOrThrow()
  const buildingB = (
    await db
      .insertInto('buildings')
      .values({ org_id: w.coop.id, name: 'B', address: 'B-katu 2' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const done = async (
    title: string,
    status: 'closed' | 'resolved',
    building: string,
    apartment: string | null,
  ) => {
    const id = await addCase(db, w.coop.id, w.owner.id, {
      title,
      status,
      buildingId: building,
      assigneeId: apartment ? w.maintenance.id : null,
    })
    if (apartment)
      await db.updateTable('cases').set({ apartment_id: apartment }).where('id', '=', id).execute()
    await db
      .insertInto('case_status_history')
      .values([
        {
          org_id: w.coop.id,
          case_id: id,
          seq: 1,
          status: 'new',
          changed_by: w.owner.id,
          changed_at: new Date(Date.now() - 86_400_000),
        },
        { org_id: w.coop.id, case_id: id, seq: 2, status, changed_by: w.manager.id, changed_at: new Date() },
      ])
      .execute()
    return id
  }
  const closedInA1 = await done('Dripping tap fixed', 'closed', buildingId, w.a1)
  const resolvedInB = await done('Stairwell light replaced', 'resolved', buildingB, null)
  const openInA1 = await addCase(db, w.coop.id, w.owner.id, { title: 'Door sticks', buildingId })
  await db.updateTable('cases').set({ apartment_id: w.a1 }).where('id', '=', openInA1).execute()
  return { ...w, buildingId, buildingB, closedInA1, resolvedInB, openInA1 }
}
export type DashboardWorld = Awaited<ReturnType<typeof dashboardWorld>>
