import { sha256 } from '@oslojs/crypto/sha2'
import type { Role } from '../../schema/roles.ts'
import { hashPassword } from '../auth/passwords.ts'
import { createSession } from '../auth/sessions.ts'
import type { DB } from '../db/connect.ts'

/**
 * Factories: each test builds its own organisations and people with unique names, so tests run
 * in parallel on one database without cleaning up after each other.
 */
export const TEST_PASSWORD = 'correct horse battery'
let passwordHash: Promise<string> | undefined

export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`

export async function createOrg(
  db: DB,
  opts: {
    kind?: 'housing_cooperative' | 'management_company' | 'investor_portfolio' | 'partner_company'
    name?: string
    managedBy?: string | null
  } = {},
) {
  return db
    .insertInto('organisations')
    .values({
      kind: opts.kind ?? 'housing_cooperative',
      name: opts.name ?? unique('As Oy Test'),
      managed_by: opts.managedBy ?? null,
      business_id: null,
    })
    .returning(['id', 'kind', 'name', 'status', 'managed_by'])
    .executeTakeFirstOrThrow()
}

export async function createBuilding(db: DB, orgId: string, name = 'A') {
  const building = await db
    .insertInto('buildings')
    .values({ org_id: orgId, name, address: `${name}-katu 1` })
    .returning('id')
    .executeTakeFirstOrThrow()
  const apartment = await db
    .insertInto('apartments')
    .values({
      org_id: orgId,
      building_id: building.id,
      staircase_id: null,
      number: `${name} 1`,
      area_m2: 54.5,
      share_count: 545,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { buildingId: building.id, apartmentId: apartment.id }
}

export async function createUser(
  db: DB,
  opts: { name?: string; email?: string; platformAdmin?: boolean; totpKey?: Uint8Array } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const email = opts.email ?? `${unique('user')}@test.example.com`
  return db
    .insertInto('users')
    .values({
      email,
      name: opts.name ?? unique('Test User'),
      phone: null,
      password_hash: await passwordHash,
      platform_admin: opts.platformAdmin ?? false,
      totp_key: opts.totpKey ?? null,
      totp_pending_key: null,
    })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow()
}

export async function addMembership(
  db: DB,
  orgId: string,
  userId: string,
  role: Role,
  scope: { buildingId?: string; apartmentId?: string } = {},
) {
  return db
    .insertInto('memberships')
    .values({
      org_id: orgId,
      user_id: userId,
      role,
      building_id: scope.buildingId ?? null,
      apartment_id: scope.apartmentId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** A user with one role in an organisation, signed in: returns the session token too. */
export async function member(db: DB, orgId: string, role: Role, opts: { mfaVerified?: boolean } = {}) {
  const user = await createUser(db)
  const membership = await addMembership(db, orgId, user.id, role)
  const { token } = await createSession(db, user.id, { mfaVerified: opts.mfaVerified ?? true })
  return { ...user, membershipId: membership.id, token }
}

export async function signIn(db: DB, userId: string, mfaVerified = true) {
  return (await createSession(db, userId, { mfaVerified })).token
}

/** A management company running one cooperative, with a building and apartment. */
export async function managedCooperative(db: DB) {
  const mgmt = await createOrg(db, { kind: 'management_company', name: unique('Isännöinti') })
  const coop = await createOrg(db, { kind: 'housing_cooperative', managedBy: mgmt.id })
  const place = await createBuilding(db, coop.id)
  return { mgmt, coop, ...place }
}

export const fingerprint = (s: string) =>
  Buffer.from(sha256(new TextEncoder().encode(s)))
    .toString('hex')
    .slice(0, 8)

/**
 * Adds someone to a case as the participants route does: `viaOrgId` is the partner company they
 * were added through (null for a member of the cooperative); their access depends on it.
 */
export async function addCaseParticipant(db: DB, caseId: string, userId: string, viaOrgId: string | null) {
  const row = await db.selectFrom('cases').select('org_id').where('id', '=', caseId).executeTakeFirstOrThrow()
  await db
    .insertInto('case_participants')
    .values({ org_id: row.org_id, case_id: caseId, user_id: userId, added_by: null, via_org_id: viaOrgId })
    .execute()
}

/** A partner company's contractor taking part in a case and assigned to it. */
export async function assignContractor(db: DB, caseId: string, userId: string, partnerId: string) {
  await addCaseParticipant(db, caseId, userId, partnerId)
  await db.updateTable('cases').set({ assignee_id: userId }).where('id', '=', caseId).execute()
}
