import { CASE_HANDLERS } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'

/**
 * The people an "@First Last" in an organisation's thread can name: its members and the case
 * handlers of the company managing it (plus `extra`, e.g. a thread's participants from elsewhere).
 * One list for the notifier (who is told) and the readers endpoint (who was named), so both mean
 * the same people.
 */
export async function mentionablePeople(db: DB, orgId: string, extra: readonly string[] = []) {
  const org = await db
    .selectFrom('organisations')
    .select('managed_by')
    .where('id', '=', orgId)
    .executeTakeFirst()
  return db
    .selectFrom('users')
    .select(['id', 'name', 'language'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('memberships').select('user_id').where('org_id', '=', orgId)),
        ...(org?.managed_by
          ? [
              eb(
                'id',
                'in',
                eb
                  .selectFrom('memberships')
                  .select('user_id')
                  .where('org_id', '=', org.managed_by)
                  .where('role', 'in', [...CASE_HANDLERS]),
              ),
            ]
          : []),
        ...(extra.length ? [eb('id', 'in', [...extra])] : []),
      ]),
    )
    .execute()
}
