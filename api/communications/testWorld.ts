import type { Role } from '../../schema/roles.ts'
import { createSession } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { addMembership, createOrg, createUser, member, unique } from '../../server/test/factories.ts'

/**
 * A demo-like world for communications: a management company (manager, accountant) running two
 * cooperatives. The first has buildings A and B (a staircase each, apartments A 1, A 2, B 1, B 2)
 * with an owner in A 1, an owner in B 1, a resident in B 2 and a board member living in B 2; the
 * second its own board member and owner. And a stranger with no role anywhere.
 */
export async function commsWorld(db: DB) {
  const mgmt = await createOrg(db, { kind: 'management_company', name: unique('Isännöinti') })
  const coop = await createOrg(db, { kind: 'housing_cooperative', managedBy: mgmt.id })
  const other = await createOrg(db, { kind: 'housing_cooperative', managedBy: mgmt.id })
  const place = async (orgId: string, name: string) => {
    const b = await db
      .insertInto('buildings')
      .values({ org_id: orgId, name, address: `${name}-katu 3, 00100 Helsinki` })
      .returning('id')
      .executeTakeFirstOrThrow()
    const s = await db
      .insertInto('staircases')
      .values({ org_id: orgId, building_id: b.id, name })
      .returning('id')
      .executeTakeFirstOrThrow()
    const apt = async (n: number) =>
      (
        await db
          .insertInto('apartments')
          .values({
            org_id: orgId,
            building_id: b.id,
            staircase_id: s.id,
            number: `${name} ${n}`,
            area_m2: 50,
            share_count: 500,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    return { buildingId: b.id, staircaseId: s.id, apt1: await apt(1), apt2: await apt(2) }
  }
  const A = await place(coop.id, 'A')
  const B = await place(coop.id, 'B')
  const K = await place(other.id, 'K')
  const person = async (orgId: string, role: Role, apartmentId?: string, buildingId?: string) => {
    const user = await createUser(db)
    await addMembership(db, orgId, user.id, role, {
      ...(apartmentId ? { apartmentId } : {}),
      ...(buildingId ? { buildingId } : {}),
    })
    const { token } = await createSession(db, user.id, { mfaVerified: true })
    return { ...user, token }
  }
  return {
    mgmt,
    coop,
    other,
    A,
    B,
    K,
    manager: await member(db, mgmt.id, 'property_manager'),
    accountant: await member(db, mgmt.id, 'accountant'),
    ownerA: await person(coop.id, 'owner', A.apt1, A.buildingId),
    ownerB: await person(coop.id, 'owner', B.apt1, B.buildingId),
    residentB: await person(coop.id, 'resident', B.apt2, B.buildingId),
    board: await person(coop.id, 'board_member', B.apt2, B.buildingId),
    auditor: await person(coop.id, 'auditor'),
    otherBoard: await person(other.id, 'board_member'),
    otherOwner: await person(other.id, 'owner', K.apt1, K.buildingId),
    stranger: await member(db, (await createOrg(db)).id, 'owner'),
  }
}

export type CommsWorld = Awaited<ReturnType<typeof commsWorld>>

/** Sets someone's channels for announcements (mass communications use that kind). */
export const setPrefs = (db: DB, userId: string, announcement: Record<string, boolean>) =>
  db
    .updateTable('users')
    .set({
      notification_prefs: jsonb({
        announcement: { portal: true, email: true, sms: false, letter: false, ...announcement },
      }),
    })
    .where('id', '=', userId)
    .execute()
