import type { Kysely } from 'kysely'
import type { Database } from '../../schema/db/types.ts'
import { CASE_HANDLERS } from '../../schema/policy.ts'
import type { Role } from '../../schema/roles.ts'

/** The managing company's people who take a cooperative's cases. */
const MANAGING_STAFF: readonly Role[] = ['property_manager', 'maintenance_staff', 'org_admin']

/**
 * Who may be assigned a case: the cooperative's handlers, its managing company's staff, and the
 * case's participants while they still belong to the cooperative, its managing company or the
 * partner company they were added through. The one rule: the API lists these (`assignable`), the
 * collab guard refuses any other `assigneeId`, and the case projection never stores one.
 */
export async function assignableIds(
  db: Kysely<Database>,
  orgId: string,
  caseId: string,
): Promise<Set<string>> {
  const coop = await db
    .selectFrom('organisations')
    .select(['status', 'managed_by'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  if (coop?.status !== 'active') return new Set()
  const managing = coop.managed_by
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .distinct()
    .where('o.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([eb('m.org_id', '=', orgId), eb('m.role', 'in', [...CASE_HANDLERS])]),
        ...(managing
          ? [eb.and([eb('m.org_id', '=', managing), eb('m.role', 'in', [...MANAGING_STAFF])])]
          : []),
        eb(
          'm.user_id',
          'in',
          eb
            .selectFrom('case_participants as p')
            .select('p.user_id')
            .where('p.case_id', '=', caseId)
            .where((w) =>
              w.or([
                w('m.org_id', '=', orgId),
                ...(managing ? [w('m.org_id', '=', managing)] : []),
                w('m.org_id', '=', w.ref('p.via_org_id')),
              ]),
            ),
        ),
      ]),
    )
    .execute()
  return new Set(rows.map((r) => r.user_id))
}
