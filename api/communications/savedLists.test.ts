import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreviewResult, SavedList } from '../../schema/communications/api.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type CommsWorld, commsWorld } from './testWorld.ts'

/**
 * Saved recipient lists (issue 16, "a saved recipient list"): the organisation's senders save a
 * named audience, list it, send to it (the groups are resolved at send time), delete it. Another
 * cooperative's board member and a stranger get 404, a member without a sender role 403; a list
 * of another cooperative is not found through this one's address.
 */
describe.each(ENGINES)('saved recipient lists on %s', (engine) => {
  let t: TestContext
  let w: CommsWorld
  beforeAll(async () => {
    t = await startTestApp(engine)
    w = await commsWorld(t.deps.db)
  })
  afterAll(() => t.close())

  const lists = async (token: string, orgId: string) => {
    const res = await client(t.app, token).get(`/api/communications/${orgId}/lists`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { lists: SavedList[] }).lists
  }

  it('a sender saves a list, everyone sending for the organisation sees it, it is sent to, and deleted', async () => {
    const audience = {
      segments: [
        { roles: ['property_manager', 'accountant'] },
        { roles: ['owner'], buildingIds: [w.B.buildingId] },
      ],
    }
    const manager = client(t.app, w.manager.token)
    const saved = await manager.post(`/api/communications/${w.coop.id}/lists`, {
      name: 'Staff and owners of B',
      audience,
    })
    expect(saved.status).toBe(201)
    const { id } = (await saved.json()) as { id: string }
    // The board (a sender too) sees it, with its groups as saved.
    const seen = await lists(w.board.token, w.coop.id)
    expect(seen).toEqual([{ id, name: 'Staff and owners of B', audience, createdAt: expect.any(String) }])
    // The same name again: 409 with a message.
    const again = await manager.post(`/api/communications/${w.coop.id}/lists`, {
      name: 'Staff and owners of B',
      audience,
    })
    expect(again.status).toBe(409)
    // Its groups preview as any audience: the manager, the accountant and the owner in B.
    const preview = (await (
      await manager.post(`/api/communications/${w.coop.id}/preview`, { audience: seen[0]!.audience })
    ).json()) as PreviewResult
    expect(preview.recipients).toBe(3)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['communication.list_saved'])
    expect((await manager.delete(`/api/communications/${w.coop.id}/lists/${id}`)).status).toBe(204)
    expect(await lists(w.manager.token, w.coop.id)).toEqual([])
    expect((await manager.delete(`/api/communications/${w.coop.id}/lists/${id}`)).status).toBe(404)
  })

  it('another cooperative or a stranger 404; a member without a sender role 403; a list is not found through another organisation', async () => {
    const manager = client(t.app, w.manager.token)
    const body = { name: 'Hallitus', audience: { segments: [{ roles: ['board_member'] }] } }
    const made = await manager.post(`/api/communications/${w.coop.id}/lists`, body)
    expect(made.status).toBe(201)
    const { id } = (await made.json()) as { id: string }
    for (const who of [w.otherBoard, w.stranger]) {
      const c = client(t.app, who.token)
      for (const res of [
        await c.get(`/api/communications/${w.coop.id}/lists`),
        await c.post(`/api/communications/${w.coop.id}/lists`, { ...body, name: 'Mine' }),
        await c.delete(`/api/communications/${w.coop.id}/lists/${id}`),
      ]) {
        expect(res.status).toBe(404)
        expect(JSON.stringify(await res.json())).not.toContain('Hallitus')
      }
    }
    for (const who of [w.ownerA, w.auditor, w.accountant]) {
      const c = client(t.app, who.token)
      for (const res of [
        await c.get(`/api/communications/${w.coop.id}/lists`),
        await c.post(`/api/communications/${w.coop.id}/lists`, { ...body, name: 'Mine' }),
        await c.delete(`/api/communications/${w.coop.id}/lists/${id}`),
      ]) {
        expect(res.status).toBe(403)
        expect(JSON.stringify(await res.json())).not.toContain('Hallitus')
      }
    }
    // The other cooperative's board member, a sender there, cannot reach coop's list through it.
    const other = client(t.app, w.otherBoard.token)
    expect(await lists(w.otherBoard.token, w.other.id)).toEqual([])
    expect((await other.delete(`/api/communications/${w.other.id}/lists/${id}`)).status).toBe(404)
    expect((await lists(w.manager.token, w.coop.id)).map((l) => l.name)).toEqual(['Hallitus'])
    // Bad input: an empty name, an empty audience, unknown fields.
    const url = `/api/communications/${w.coop.id}/lists`
    expect((await manager.post(url, { ...body, name: ' ' })).status).toBe(422)
    expect((await manager.post(url, { name: 'X', audience: { segments: [] } })).status).toBe(422)
    expect((await manager.post(url, { ...body, name: 'Y', extra: 1 })).status).toBe(422)
  })
})
