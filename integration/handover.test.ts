import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { createApi } from '../api/app.ts'
import { client } from '../api/test/http.ts'
import { ENGINES, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { createOrg, managedCooperative, member } from '../server/test/factories.ts'
import { apiBeside } from './apiBeside.ts'

/**
 * The handover of a cooperative moves staff access at once (issue 18), over the real API and the
 * real collab server: the old management company's property manager has the cooperative's board
 * open when the handover completes; their socket is closed with 4403 and reopening is refused,
 * while the new company's manager, refused before, now opens it read-write.
 */
describe.each(ENGINES)('handover moves live access on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = () => suite.db()
  let app: ReturnType<typeof createApi>
  beforeAll(() => {
    app = apiBeside(suite, { revokesLive: true })
  })
  const connect = async (name: string, sessionToken: string) =>
    suite.open(suite.server.url, name, { token: await tokenFor(db(), sessionToken) })

  it("the old company's open socket closes at once, the new company's staff get in", async () => {
    const { mgmt: before, coop } = await managedCooperative(db())
    const after = await createOrg(db(), { kind: 'management_company' })
    const oldAdmin = await member(db(), before.id, 'org_admin')
    const oldManager = await member(db(), before.id, 'property_manager')
    const newManager = await member(db(), after.id, 'property_manager')
    const board = await member(db(), coop.id, 'board_member')
    const created = await client(app, board.token).post('/api/boards', {
      org: coop.id,
      title: 'Hallituksen tehtävät',
      columns: ['Tehtävät'],
    })
    expect(created.status).toBe(201)
    const { document } = (await created.json()).board as { document: string }

    const open = await connect(document, oldManager.token)
    await vi.waitFor(() => expect(open.events.authenticated).toEqual(['read-write']), { timeout: 10_000 })
    const outsider = await connect(document, newManager.token)
    await vi.waitFor(() => expect(outsider.events.denied).toEqual(['forbidden']), { timeout: 10_000 })
    outsider.destroy()
    expect((await client(app, newManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(404)

    const res = await client(app, oldAdmin.token).post(`/api/orgs/${coop.id}/handover`, {
      to: after.id,
      reason: 'The board chose a new management company.',
    })
    expect(res.status).toBe(200)
    // Revoked by the handover itself, not at the next reconnect: the socket closes with 4403.
    await vi.waitFor(() => expect(open.events.socketCloses).toContain(4403), { timeout: 5000, interval: 10 })
    await vi.waitFor(() => expect(open.events.denied.length).toBeGreaterThan(0), { timeout: 5000 })
    const again = await connect(document, oldManager.token)
    await vi.waitFor(() => expect(again.events.denied).toEqual(['forbidden']), { timeout: 5000 })
    expect((await client(app, oldManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(404)

    const arrived = await connect(document, newManager.token)
    await vi.waitFor(() => expect(arrived.events.authenticated).toEqual(['read-write']), { timeout: 10_000 })
    expect((await client(app, newManager.token).get(`/api/orgs/${coop.id}`)).status).toBe(200)
  })
})
