import type { DB } from '../../server/db/connect.ts'

/**
 * A cooperative's onboarding checklist. Each step is done when what it asks for exists, so the
 * list is never out of step with the data (nothing to tick by hand, nothing to forget to untick).
 */
export const CHECKLIST_STEPS = [
  'details',
  'buildings',
  'apartments',
  'board',
  'owners',
  'resources',
  'channels',
] as const
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number]

export interface ChecklistItem {
  step: ChecklistStep
  done: boolean
  count: number
}

export async function onboardingChecklist(db: DB, orgId: string): Promise<ChecklistItem[]> {
  const count = (q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
    q.executeTakeFirstOrThrow().then((r) => Number(r.n))
  const org = await db
    .selectFrom('organisations')
    .select(['name', 'business_id', 'address'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow()
  const people = (roles: string[]) =>
    Promise.all([
      count(
        db
          .selectFrom('memberships')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', orgId)
          .where('role', 'in', roles as never),
      ),
      count(
        db
          .selectFrom('invitations')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', orgId)
          .where('role', 'in', roles as never)
          .where('revoked_at', 'is', null),
      ),
    ]).then(([members, invited]) => members + invited)
  const [buildings, apartments, board, owners, resources, channels] = await Promise.all([
    count(
      db
        .selectFrom('buildings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId),
    ),
    count(
      db
        .selectFrom('apartments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId),
    ),
    people(['board_member']),
    people(['owner', 'owner_representative', 'resident']),
    count(
      db
        .selectFrom('booking_resources')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId),
    ),
    count(
      db
        .selectFrom('threads')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .where('kind', '=', 'channel'),
    ),
  ])
  const details = Number(Boolean(org.name && org.business_id && org.address))
  const items: [ChecklistStep, number][] = [
    ['details', details],
    ['buildings', buildings],
    ['apartments', apartments],
    ['board', board],
    ['owners', owners],
    ['resources', resources],
    ['channels', channels],
  ]
  return items.map(([step, n]) => ({ step, done: n > 0, count: n }))
}
