import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Activity history (issue 18): a person's own and an organisation's, described in the reader's
 * language rather than as raw keys; who may read an organisation's; filters, CSV and bad input.
 */
describe.each(ENGINES)('activity history on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db
  type Entries = { entries: Array<{ action: string; description: string; actor: string | null }> }

  it("a person's own history, in their language, as JSON and CSV", async () => {
    const user = await createUser(db())
    const token = await signIn(db(), user.id)
    expect((await client(t.app, token).post('/api/gdpr/exports')).status).toBe(201)
    await db().updateTable('users').set({ language: 'sv' }).where('id', '=', user.id).execute()
    const own = (await (await client(t.app, token).get('/api/gdpr/activity')).json()) as Entries
    expect(own.entries).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        action: 'gdpr.export_requested',
        description: 'Begärde en kopia av sina uppgifter',
        actor: user.name,
      },
    ])
    const csv = await client(t.app, token).get('/api/gdpr/activity?format=csv')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(await csv.text()).toContain('Begärde en kopia av sina uppgifter')
    // Someone else's history is not in it.
    const other = await createUser(db())
    const otherToken = await signIn(db(), other.id)
    expect(
      ((await (await client(t.app, otherToken).get('/api/gdpr/activity')).json()) as Entries).entries,
    ).toEqual([])
    const past = (await (
      await client(t.app, token).get('/api/gdpr/activity?to=2020-01-01')
    ).json()) as Entries
    expect(past.entries).toEqual([])
    expect((await client(t.app, token).get('/api/gdpr/activity?from=yesterday')).status).toBe(422)
    expect((await client(t.app, token).get('/api/gdpr/activity?format=xml')).status).toBe(422)
    expect((await client(t.app).get('/api/gdpr/activity')).status).toBe(401)
  })

  it("an organisation's history: its admins, managers and auditor; nobody else", async () => {
    const place = await managedCooperative(db())
    const org = place.coop.id
    const admin = await member(db(), org, 'org_admin')
    await db().updateTable('users').set({ language: 'fi' }).where('id', '=', admin.id).execute()
    expect(
      (await client(t.app, admin.token).post(`/api/orgs/${org}/buildings`, { name: 'Talo Ö' })).status,
    ).toBe(201)
    const list = (await (await client(t.app, admin.token).get(`/api/orgs/${org}/activity`)).json()) as Entries
    expect(list.entries.find((e) => e.action === 'building.created')).toMatchObject({
      description: 'Lisäsi rakennuksen “Talo Ö”',
      actor: admin.name,
    })
    expect(JSON.stringify(list)).not.toContain('"details"')
    const auditor = await member(db(), org, 'auditor')
    expect((await client(t.app, auditor.token).get(`/api/orgs/${org}/activity`)).status).toBe(200)
    const resident = await createUser(db())
    await addMembership(db(), org, resident.id, 'resident')
    const board = await member(db(), org, 'board_member')
    for (const token of [await signIn(db(), resident.id), board.token])
      expect((await client(t.app, token).get(`/api/orgs/${org}/activity`)).status).toBe(403)
    const elsewhere = await managedCooperative(db())
    const stranger = await member(db(), elsewhere.coop.id, 'org_admin')
    expect((await client(t.app, stranger.token).get(`/api/orgs/${org}/activity`)).status).toBe(404)
    expect((await client(t.app, admin.token).get('/api/orgs/nope/activity')).status).toBe(422)
  })
})
