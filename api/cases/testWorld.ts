import { expect } from 'vitest'
import {
  addMembership,
  createOrg,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../../server/test/factories.ts'
import type { TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * The cases tests' world: a managed cooperative with a reporting resident, a neighbour in the
 * same building, staff, the board, an auditor, a resident of another cooperative and two
 * contractors of one partner company.
 */
export async function caseWorld(t: TestContext) {
  const db = t.deps.db
  const home = await managedCooperative(db)
  const away = await managedCooperative(db)
  const reporter = await createUser(db)
  await addMembership(db, home.coop.id, reporter.id, 'resident', {
    buildingId: home.buildingId,
    apartmentId: home.apartmentId,
  })
  const reporterToken = await signIn(db, reporter.id)
  const neighbour = await createUser(db)
  await addMembership(db, home.coop.id, neighbour.id, 'resident', { buildingId: home.buildingId })
  const neighbourToken = await signIn(db, neighbour.id)
  const manager = await member(db, home.mgmt.id, 'property_manager')
  const board = await member(db, home.coop.id, 'board_member')
  const auditor = await member(db, home.coop.id, 'auditor')
  const stranger = await member(db, away.coop.id, 'resident')
  const pipes = await createOrg(db, { kind: 'partner_company' })
  const contractor = await member(db, pipes.id, 'contractor')
  const otherContractor = await member(db, pipes.id, 'contractor')
  return {
    home,
    away,
    reporter: { ...reporter, token: reporterToken },
    neighbour: { ...neighbour, token: neighbourToken },
    manager,
    board,
    auditor,
    stranger,
    contractor,
    otherContractor,
    pipes,
  }
}

/** A resident reports a water leak (201), with `extra` fields; the created case. */
export async function reportCase(
  t: TestContext,
  token: string,
  org: string,
  extra: Record<string, unknown> = {},
) {
  const res = await client(t.app, token).post('/api/cases', {
    org,
    title: 'Vuotava hana keittiössä',
    description: 'Hana tippuu koko ajan.',
    category: 'water_damage',
    ...extra,
  })
  expect(res.status).toBe(201)
  return (await res.json()) as {
    id: string
    number: number
    status: string
    apartment: { id: string } | null
    building: { id: string } | null
    documents: { case: string; thread: string; notes?: string }
    abilities: string[]
    history: Array<{ status: string; by: { id: string } }>
  }
}
