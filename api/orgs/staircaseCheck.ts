import { AppError } from '../../schema/errors.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * A staircase given for an apartment must be one of that building's, in that organisation: the
 * one check for creating an apartment (orgs/structureRoutes.ts) and moving one (onboarding).
 */
export async function requireStaircaseIn(
  db: DB,
  where: { orgId: string; buildingId: string; staircaseId: string },
): Promise<void> {
  const stair = await db
    .selectFrom('staircases')
    .select('id')
    .where('id', '=', where.staircaseId)
    .where('building_id', '=', where.buildingId)
    .where('org_id', '=', where.orgId)
    .executeTakeFirst()
  if (!stair) throw new AppError('validation_failed', 'staircaseId: no such staircase in that building.')
}
