import { describe, expect, it, vi } from 'vitest'
import { dayOffset } from '../api/finance/testWorld.ts'
import { meterWorld, withSecondBuilding } from '../api/meters/testWorld.ts'
import { client } from '../api/test/http.ts'
import { notifyDrained } from '../collab-server/notifications/testInbox.ts'
import { ENGINES, inboxSignals, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { readInbox } from '../schema/docs/inbox.ts'
import { inboxDocName } from '../schema/docs/names.ts'
import { addMembership, createUser, member } from '../server/test/factories.ts'
import { apiBeside, inboxItemsOf } from './apiBeside.ts'

/**
 * Reading rounds, live (issue 17): staff open a round for a building and the residents and owners
 * whose meters it asks for get an inbox item through the notifier (not those of another building,
 * nor another cooperative's); a reading in the round signals the open inboxes of those who
 * oversee the building, whose round page then refetches who has submitted (not residents, not
 * maintenance of another building, not another cooperative's people).
 */
describe.each(ENGINES)('reading round notices on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  const app = () => apiBeside(suite)

  const roundItems = (userId: string) => inboxItemsOf(db(), userId, 'reading_round')

  const inbox = async (user: { id: string; token: string }) => {
    const c = suite.open(suite.server.url, inboxDocName(user.id), { token: await tokenFor(db(), user.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    return { client: c, signals: inboxSignals(c) }
  }

  it('tells the residents of the building whose meters the round asks for, and nobody else', async () => {
    const w = await meterWorld(db())
    const x = await withSecondBuilding(db(), w)
    // A resident of another cooperative, living where a water meter is read too.
    const awayResident = await createUser(db())
    await addMembership(db(), w.away.coop.id, awayResident.id, 'resident', {
      buildingId: w.away.buildingId,
      apartmentId: w.away.apartmentId,
    })
    const api = app()
    const opened = await client(api, w.manager.token).post(`/api/meters/${w.coop.id}/rounds`, {
      buildingId: w.buildingId,
      title: 'Vesi, Q4',
      kind: 'cold_water',
      opensOn: dayOffset(-1),
      dueOn: dayOffset(7),
    })
    expect(opened.status).toBe(201)
    const roundId = ((await opened.json()) as { round: { id: string } }).round.id
    await vi.waitFor(async () => expect(await notifyDrained(db(), [roundId])).toBe(0), { timeout: 15_000 })
    // A 1 (owner, owner's representative, resident) and A 2 (owner) have water meters in building A.
    for (const who of [w.resident, w.owner, w.ownerRep, w.owner2]) {
      expect(await roundItems(who.id), who.email).toEqual([
        expect.objectContaining({
          kind: 'reading_round',
          orgId: w.coop.id,
          link: `/org/${w.coop.id}/meters`,
          title: 'Vesi, Q4',
          body: dayOffset(7),
        }),
      ])
    }
    // Building B's resident, the other cooperative's, and staff who opened it or oversee it: no item.
    for (const nobody of [x.residentB, awayResident, w.manager, w.board, w.maintenance, w.stranger]) {
      expect(await roundItems(nobody.id), nobody.email).toEqual([])
    }
    // A round of heat (building A has no heat meter in an apartment) tells no resident.
    const heat = await client(api, w.manager.token).post(`/api/meters/${w.coop.id}/rounds`, {
      buildingId: w.buildingId,
      title: 'Lämpö',
      kind: 'heat',
      opensOn: dayOffset(0),
      dueOn: dayOffset(3),
    })
    const heatId = ((await heat.json()) as { round: { id: string } }).round.id
    await vi.waitFor(async () => expect(await notifyDrained(db(), [heatId])).toBe(0), { timeout: 15_000 })
    expect(await roundItems(w.resident.id)).toHaveLength(1)
  })

  it('signals who has submitted to those overseeing the building, live, and to nobody else', async () => {
    const w = await meterWorld(db())
    const x = await withSecondBuilding(db(), w)
    const api = app()
    const got = {
      manager: await inbox(w.manager),
      board: await inbox(w.board),
      maintenanceA: await inbox(x.maintenanceA),
      maintenanceB: await inbox(x.maintenanceB),
      resident: await inbox(w.resident),
      stranger: await inbox(w.stranger),
    }
    const manager = client(api, w.manager.token)
    const open = async (buildingId: string, title: string, as = manager, orgId = w.coop.id) => {
      const res = await as.post(`/api/meters/${orgId}/rounds`, {
        buildingId,
        title,
        kind: 'cold_water',
        opensOn: dayOffset(-1),
        dueOn: dayOffset(7),
      })
      expect(res.status).toBe(201)
      return ((await res.json()) as { round: { id: string } }).round.id
    }
    const roundId = await open(w.buildingId, 'Vesi')
    const signal = { type: 'meters.round', orgId: w.coop.id, roundId }
    for (const who of ['manager', 'board', 'maintenanceA'] as const) {
      await vi.waitFor(() => expect(got[who].signals).toContainEqual(signal), { timeout: 15_000 })
    }
    // A reading in the round: the overseers hear of it again, and the round counts it.
    const before = got.manager.signals.length
    const sent = await client(api, w.owner2.token).post(`/api/meters/${w.coop.id}/${w.water2}/readings`, {
      value: 5,
      readOn: dayOffset(0),
    })
    expect(sent.status).toBe(201)
    await vi.waitFor(() => expect(got.manager.signals.slice(before)).toContainEqual(signal), {
      timeout: 15_000,
    })
    await vi.waitFor(() =>
      expect(got.maintenanceA.signals.filter((s) => s.type === 'meters.round')).toHaveLength(2),
    )
    const detail = (await (await manager.get(`/api/meters/${w.coop.id}/rounds/${roundId}`)).json()) as {
      round: { submitted: number }
    }
    expect(detail.round.submitted).toBe(1)

    // Sentinels: each signal goes out to all its recipients in one synchronous loop, so anything
    // wrongly sent about building A reached a socket before a later, rightful message on it.
    const roundB = await open(x.buildingB, 'Vesi B')
    await vi.waitFor(() => expect(got.maintenanceB.signals).toContainEqual({ ...signal, roundId: roundB }), {
      timeout: 15_000,
    })
    expect(got.maintenanceB.signals).toEqual([{ ...signal, roundId: roundB }])
    // The resident's sentinel is an item: a second round for their meters.
    await open(w.buildingId, 'Vesi 2')
    await vi.waitFor(
      () => expect(readInbox(got.resident.client.doc).map((i) => i.title)).toContain('Vesi 2'),
      { timeout: 15_000 },
    )
    expect(got.resident.signals).toEqual([])
    // The stranger oversees a round of their own cooperative; they heard of nothing else.
    const awayManager = await member(db(), w.away.mgmt.id, 'property_manager')
    const awayRound = await open(w.away.buildingId, 'Muualla', client(api, awayManager.token), w.away.coop.id)
    const awaySignal = { type: 'meters.round', orgId: w.away.coop.id, roundId: awayRound }
    await vi.waitFor(() => expect(got.stranger.signals).toContainEqual(awaySignal), { timeout: 15_000 })
    expect(got.stranger.signals).toEqual([awaySignal])
  })
})
