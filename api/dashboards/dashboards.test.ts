import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DashboardLayout, OrgLink, ServiceHistory } from '../../schema/api/dashboards.ts'
import { signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { dashboardWorld } from './testWorld.ts'

/**
 * Dashboards, the information page, links, "my apartment" and service history per role
 * (issue 17). Who may not gets nothing is also in isolation.test.ts; here: what each role gets.
 */
describe.each(ENGINES)('dashboards on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('a layout is per user, follows them to another session, refuses widgets they may not see, and resets', async () => {
    const w = await dashboardWorld(t.deps.db)
    const path = `/api/dashboards/${w.coop.id}`
    const first = (await (await client(t.app, w.board.token).get(path)).json()) as DashboardLayout
    expect(first.source).toBe('builtin')
    expect(first.group).toBe('board')
    expect(first.available).toContain('workQueue')
    expect(first.available).not.toContain('myApartment')

    const resident = (await (await client(t.app, w.resident.token).get(path)).json()) as DashboardLayout
    expect(resident.group).toBe('residents')
    expect(resident.available).not.toContain('workQueue')
    expect(resident.available).not.toContain('finance')
    expect(resident.widgets.map((x) => x.kind)).not.toContain('finance')
    const owner = (await (await client(t.app, w.owner.token).get(path)).json()) as DashboardLayout
    expect(owner.available).toContain('finance')

    // The resident may not place the work queue, nor a widget twice.
    const refused = await client(t.app, w.resident.token).put(path, {
      widgets: [{ kind: 'workQueue', size: 'small' }],
    })
    expect(refused.status).toBe(422)
    const twice = await client(t.app, w.board.token).put(path, {
      widgets: [
        { kind: 'tasks', size: 'small' },
        { kind: 'tasks', size: 'large' },
      ],
    })
    expect(twice.status).toBe(422)

    const mine = [
      { kind: 'finance', size: 'large' },
      { kind: 'workQueue', size: 'small' },
      { kind: 'contacts', size: 'small' },
    ]
    const saved = await client(t.app, w.board.token).put(path, { widgets: mine })
    expect(saved.status).toBe(200)
    // Another browser: a new session of the same user sees the same order and sizes.
    const other = await signIn(t.deps.db, w.board.id)
    const again = (await (await client(t.app, other).get(path)).json()) as DashboardLayout
    expect(again.source).toBe('user')
    expect(again.widgets).toEqual(mine)
    // Another member's dashboard is untouched.
    const auditor = (await (await client(t.app, w.auditor.token).get(path)).json()) as DashboardLayout
    expect(auditor.source).toBe('builtin')

    const reset = (await (await client(t.app, other).delete(path)).json()) as DashboardLayout
    expect(reset.source).toBe('builtin')
    expect(reset.widgets).toEqual(first.widgets)
  })

  it('staff set the default of a role group; members without their own layout get it, kept to what they may see', async () => {
    const w = await dashboardWorld(t.deps.db)
    const path = `/api/dashboards/${w.coop.id}`
    const widgets = [
      { kind: 'contacts', size: 'large' },
      { kind: 'finance', size: 'small' },
      { kind: 'bookings', size: 'small' },
    ]
    expect((await client(t.app, w.board.token).put(`${path}/defaults/residents`, { widgets })).status).toBe(
      403,
    )
    expect((await client(t.app, w.manager.token).put(`${path}/defaults/residents`, { widgets })).status).toBe(
      200,
    )
    const resident = (await (await client(t.app, w.resident.token).get(path)).json()) as DashboardLayout
    expect(resident.source).toBe('organisation')
    // Finance is in the default, but a resident who owns nothing may not see it.
    expect(resident.widgets.map((x) => x.kind)).toEqual(['contacts', 'bookings'])
    const owner = (await (await client(t.app, w.owner.token).get(path)).json()) as DashboardLayout
    expect(owner.widgets.map((x) => x.kind)).toEqual(['contacts', 'finance', 'bookings'])
    // A stored own layout wins; its reset lands on the organisation's default, not the built-in.
    await client(t.app, w.owner.token).put(path, { widgets: [{ kind: 'cases', size: 'small' }] })
    expect(((await (await client(t.app, w.owner.token).get(path)).json()) as DashboardLayout).source).toBe(
      'user',
    )
    const reset = (await (await client(t.app, w.owner.token).delete(path)).json()) as DashboardLayout
    expect(reset.source).toBe('organisation')

    const defaults = (await (await client(t.app, w.orgAdmin.token).get(`${path}/defaults`)).json()) as {
      defaults: { group: string; source: string }[]
    }
    expect(defaults.defaults.find((d) => d.group === 'residents')?.source).toBe('organisation')
    expect(defaults.defaults.find((d) => d.group === 'board')?.source).toBe('builtin')
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', w.coop.id)
      .where('action', '=', 'dashboard.default_set')
      .execute()
    expect(audit).toHaveLength(1)
    await client(t.app, w.manager.token).delete(`${path}/defaults/residents`)
    expect(((await (await client(t.app, w.resident.token).get(path)).json()) as DashboardLayout).source).toBe(
      'builtin',
    )
  })

  it('the information page: the board edits, every member reads; staff manage links, only http(s)', async () => {
    const w = await dashboardWorld(t.deps.db)
    const path = `/api/orginfo/${w.coop.id}`
    const info = {
      contacts: [
        {
          role: 'Isännöitsijä',
          name: 'Maija Manageri',
          phone: '+358 40 123 4567',
          email: 'maija@example.com',
        },
        { role: 'Huoltoyhtiö', name: 'Huolto Oy', phone: '020 123 456' },
      ],
      officeHours: 'Mon–Fri 9–15',
      emergencyPhone: '020 123 456',
      houseRules: 'Quiet hours 22–7.',
    }
    expect((await client(t.app, w.resident.token).put(path, info)).status).toBe(403)
    const saved = await client(t.app, w.board.token).put(path, info)
    expect(saved.status).toBe(200)
    const read = (await (await client(t.app, w.resident.token).get(path)).json()) as {
      info: { contacts: { name: string; note: string }[]; emergencyPhone: string; updatedBy: string }
      links: OrgLink[]
      abilities: { editInfo: boolean }
    }
    expect(read.info.contacts.map((c) => c.name)).toEqual(['Maija Manageri', 'Huolto Oy'])
    expect(read.info.contacts[1]?.note).toBe('')
    expect(read.info.emergencyPhone).toBe('020 123 456')
    expect(read.info.updatedBy).toBe(w.board.name)
    expect(read.abilities.editInfo).toBe(false)

    const link = { title: 'Sähköyhtiö', url: 'https://sahko.example.com/portal', icon: 'power' }
    expect((await client(t.app, w.board.token).post(`${path}/links`, link)).status).toBe(403)
    const bad = await client(t.app, w.manager.token).post(`${path}/links`, {
      ...link,
      url: 'javascript:alert(1)',
    })
    expect(bad.status).toBe(422)
    const a = await client(t.app, w.manager.token).post(`${path}/links`, link)
    expect(a.status).toBe(201)
    const b = await client(t.app, w.manager.token).post(`${path}/links`, {
      title: 'Lajitteluohje',
      url: 'https://jate.example.com',
    })
    const ids = [
      ((await b.json()) as { link: OrgLink }).link.id,
      ((await a.json()) as { link: OrgLink }).link.id,
    ]
    const ordered = await client(t.app, w.orgAdmin.token).put(`${path}/links-order`, { ids })
    expect(((await ordered.json()) as { links: OrgLink[] }).links.map((l) => l.title)).toEqual([
      'Lajitteluohje',
      'Sähköyhtiö',
    ])
    const links = ((await (await client(t.app, w.owner2.token).get(path)).json()) as { links: OrgLink[] })
      .links
    expect(links.map((l) => l.title)).toEqual(['Lajitteluohje', 'Sähköyhtiö'])
    // A link of another cooperative cannot be changed through this one's path.
    const away = await client(t.app, w.manager.token).delete(`/api/orginfo/${w.away.coop.id}/links/${ids[0]}`)
    expect(away.status).toBe(404)
    expect((await client(t.app, w.manager.token).delete(`${path}/links/${ids[0]}`)).status).toBe(204)
  })

  it('my apartment: its owner and residents see it (shares for owners), a neighbour gets 404', async () => {
    const w = await dashboardWorld(t.deps.db)
    const base = `/api/apartments/${w.coop.id}`
    const mine = (await (await client(t.app, w.resident.token).get(`${base}/mine`)).json()) as {
      apartments: { id: string }[]
    }
    expect(mine.apartments.map((a) => a.id)).toEqual([w.a1])
    const owner = (await (await client(t.app, w.owner.token).get(`${base}/${w.a1}`)).json()) as {
      shareCount: number | null
      cases: { title: string }[]
      abilities: { finance: boolean; history: boolean }
    }
    expect(owner.shareCount).toBe(545)
    // The owner reported both cases in A 1.
    expect(owner.cases.map((c) => c.title)).toEqual(['Door sticks', 'Dripping tap fixed'])
    expect(owner.abilities).toEqual({ finance: true, history: true })
    const resident = (await (await client(t.app, w.resident.token).get(`${base}/${w.a1}`)).json()) as {
      shareCount: number | null
      cases: unknown[]
      abilities: { finance: boolean; history: boolean }
    }
    expect(resident.shareCount).toBeNull()
    // Cases the resident could not open are not listed (they reported none, none is shared).
    expect(resident.cases).toEqual([])
    expect(resident.abilities).toEqual({ finance: false, history: false })
    expect((await client(t.app, w.owner2.token).get(`${base}/${w.a1}`)).status).toBe(404)
    expect((await client(t.app, w.manager.token).get(`${base}/${w.a1}`)).status).toBe(200)
    expect((await client(t.app, w.maintenance.token).get(`${base}/${w.a1}`)).status).toBe(404)
  })

  it('service history: done cases with who and when, for staff, the board, maintenance and the owner of the apartment', async () => {
    const w = await dashboardWorld(t.deps.db)
    const base = `/api/history/${w.coop.id}`
    const building = (await (
      await client(t.app, w.maintenance.token).get(`${base}/buildings/${w.buildingId}`)
    ).json()) as ServiceHistory
    expect(building.entries.map((e) => e.title)).toEqual(['Dripping tap fixed'])
    expect(building.entries[0]?.doneBy).toBe(w.maintenance.name)
    expect(building.entries[0]?.status).toBe('closed')
    const b = (await (
      await client(t.app, w.board.token).get(`${base}/buildings/${w.buildingB}`)
    ).json()) as ServiceHistory
    expect(b.entries.map((e) => [e.title, e.doneBy])).toEqual([['Stairwell light replaced', w.manager.name]])
    const apt = (await (
      await client(t.app, w.owner.token).get(`${base}/apartments/${w.a1}`)
    ).json()) as ServiceHistory
    expect(apt.entries.map((e) => e.title)).toEqual(['Dripping tap fixed'])
    // A resident (not an owner), a neighbour, and the owner asking about the whole building: 404.
    expect((await client(t.app, w.resident.token).get(`${base}/apartments/${w.a1}`)).status).toBe(404)
    expect((await client(t.app, w.owner2.token).get(`${base}/apartments/${w.a1}`)).status).toBe(404)
    expect((await client(t.app, w.owner.token).get(`${base}/buildings/${w.buildingId}`)).status).toBe(404)
  })
})
