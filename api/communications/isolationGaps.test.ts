import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type CommsWorld, commsWorld } from './testWorld.ts'

/**
 * Tenant isolation of the communications form's places list and of retrying a send: a user of
 * another organisation (the other cooperative of the same company, a stranger) gets 404 with only
 * the error and changes nothing; a member without a sender role 403; the board and the manager
 * 2xx, with this cooperative's places only.
 */
describe.each(ENGINES)('communications isolation gaps on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const outsiders = () => ({ stranger: w.stranger, otherBoard: w.otherBoard, otherOwner: w.otherOwner })
  const withoutRole = () => ({
    owner: w.ownerA,
    resident: w.residentB,
    auditor: w.auditor,
    accountant: w.accountant,
  })
  const notFoundBody = { error: { code: 'not_found', message: expect.any(String) } }

  it('places: another organisation 404, without a sender role 403, the board this cooperative’s places only', async () => {
    for (const [who, person] of Object.entries(outsiders())) {
      const res = await client(t.app, person.token).get(`/api/communications/${w.coop.id}/places`)
      expect(res.status, who).toBe(404)
      expect(await res.json(), who).toEqual(notFoundBody)
    }
    for (const [who, person] of Object.entries(withoutRole())) {
      const res = await client(t.app, person.token).get(`/api/communications/${w.coop.id}/places`)
      expect(res.status, who).toBe(403)
    }
    const res = await client(t.app, w.board.token).get(`/api/communications/${w.coop.id}/places`)
    expect(res.status).toBe(200)
    const places = (await res.json()) as {
      buildings: { id: string }[]
      staircases: { id: string }[]
      apartments: { id: string }[]
    }
    expect(places.buildings.map((b) => b.id).sort()).toEqual([w.A.buildingId, w.B.buildingId].sort())
    expect(places.staircases.map((s) => s.id).sort()).toEqual([w.A.staircaseId, w.B.staircaseId].sort())
    expect(places.apartments.map((a) => a.id).sort()).toEqual([w.A.apt1, w.A.apt2, w.B.apt1, w.B.apt2].sort())
    // The other cooperative's board sees its own places, none of these.
    const theirs = await client(t.app, w.otherBoard.token).get(`/api/communications/${w.other.id}/places`)
    expect(theirs.status).toBe(200)
    expect(JSON.stringify(await theirs.json())).not.toContain(w.A.buildingId)
  })

  it('retry: another organisation 404 and nothing is queued again, without a sender role 403, the board 200', async () => {
    const sent = await client(t.app, w.manager.token).post(`/api/communications/${w.coop.id}/sends`, {
      subject: 'Saunavuorot',
      body: 'Saunavuorot vaihtuvat.',
      audience: { segments: [{ roles: ['owner'] }] },
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(sent.status).toBe(201)
    const { id } = (await sent.json()) as { id: string }
    const db = t.deps.db
    // Every delivery failed, so a retry has something to queue again.
    await db
      .updateTable('communication_deliveries')
      .set({ status: 'failed' })
      .where('communication_id', '=', id)
      .execute()
    const statuses = async () =>
      (
        await db
          .selectFrom('communication_deliveries')
          .select('status')
          .where('communication_id', '=', id)
          .execute()
      ).map((d) => d.status)
    const failed = await statuses()
    expect(failed.length).toBeGreaterThan(0)
    expect(new Set(failed)).toEqual(new Set(['failed']))

    for (const [who, person] of Object.entries(outsiders())) {
      const res = await client(t.app, person.token).post(`/api/communications/${w.coop.id}/sends/${id}/retry`)
      expect(res.status, who).toBe(404)
      expect(await res.json(), who).toEqual(notFoundBody)
    }
    // The other cooperative's board names this send under its own cooperative: not there.
    const forged = await client(t.app, w.otherBoard.token).post(
      `/api/communications/${w.other.id}/sends/${id}/retry`,
    )
    expect(forged.status).toBe(404)
    expect(await forged.json()).toEqual(notFoundBody)
    for (const [who, person] of Object.entries(withoutRole())) {
      const res = await client(t.app, person.token).post(`/api/communications/${w.coop.id}/sends/${id}/retry`)
      expect(res.status, who).toBe(403)
    }
    expect(await statuses()).toEqual(failed)
    const retries = () =>
      db
        .selectFrom('audit_log')
        .select('actor_id')
        .where('target_id', '=', id)
        .where('action', '=', 'communication.retry')
        .execute()
    expect(await retries()).toEqual([])

    const res = await client(t.app, w.board.token).post(`/api/communications/${w.coop.id}/sends/${id}/retry`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ retried: failed.length })
    expect(new Set(await statuses())).toEqual(new Set(['queued']))
    expect(await retries()).toEqual([{ actor_id: w.board.id }])
  })
})
