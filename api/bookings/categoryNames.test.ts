import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../schema/roles.ts'
import { createOrg, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { bookingWorld, resident, type World } from './testWorld.ts'

/** PGlite runs every migration at start; on a loaded 2-core machine that can pass 60 s. */
const SLOW_START = 180_000

/**
 * Issue 20: resource categories named in fi, sv and en. Lists name each in the reader's
 * language, else fi → en → sv, else the stored name; staff create and edit the three; another
 * organisation's staff get 404 and a resident of the cooperative 403.
 */
describe.each(ENGINES)('booking category names on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, SLOW_START)
  afterAll(() => t.close())

  const speaking = (userId: string, language: Language) =>
    t.deps.db.updateTable('users').set({ language }).where('id', '=', userId).execute()

  /** The category names a reader of `language` sees in the bookings overview, by id. */
  async function namesSeen(w: World, language: Language): Promise<Record<string, string>> {
    await speaking(w.manager.id, language)
    const res = await w.staff.get(`/api/bookings/orgs/${w.orgId}`)
    expect(res.status).toBe(200)
    const { categories } = (await res.json()) as { categories: Array<{ id: string; name: string }> }
    return Object.fromEntries(categories.map((c) => [c.id, c.name]))
  }

  const create = async (w: World, body: Record<string, unknown>) => {
    const res = await w.staff.post(`/api/bookings/orgs/${w.orgId}/categories`, body)
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()).category as { id: string; name: string; names: Record<string, string> }
  }

  it('names each category in the reader language, with fi → en → sv → stored name after it', async () => {
    const w = await bookingWorld(t)
    const all = await create(w, { names: { fi: 'Saunat', sv: 'Bastur', en: 'Saunas' } })
    expect(all.names).toEqual({ fi: 'Saunat', sv: 'Bastur', en: 'Saunas' })
    const noFinnish = await create(w, { names: { sv: 'Tvätt', en: 'Laundry' } })
    const swedishOnly = await create(w, { names: { sv: 'Klubbrum', fi: '  ' } })
    const noSwedish = await create(w, { names: { fi: 'Yhteistilat', en: 'Shared rooms' } })
    // A row from before 0042's names (or written by another tool): only its stored name.
    const legacy = await t.deps.db
      .insertInto('booking_categories')
      .values({ org_id: w.orgId, name: 'Pysäköinti' })
      .returning('id')
      .executeTakeFirstOrThrow()

    const sv = await namesSeen(w, 'sv')
    expect(sv[all.id]).toBe('Bastur')
    expect(sv[noFinnish.id]).toBe('Tvätt')
    expect(sv[noSwedish.id]).toBe('Yhteistilat') // fi before en
    expect(sv[legacy.id]).toBe('Pysäköinti')
    const en = await namesSeen(w, 'en')
    expect(en[all.id]).toBe('Saunas')
    expect(en[swedishOnly.id]).toBe('Klubbrum')
    expect(en[noSwedish.id]).toBe('Shared rooms')
    const fi = await namesSeen(w, 'fi')
    expect(fi[all.id]).toBe('Saunat')
    expect(fi[noFinnish.id]).toBe('Laundry') // en before sv
    expect(fi[swedishOnly.id]).toBe('Klubbrum')

    // The stored name (search, reports) is the first of fi → en → sv; an empty name is dropped.
    const stored = await t.deps.db
      .selectFrom('booking_categories')
      .select(['id', 'name', 'names'])
      .where('org_id', '=', w.orgId)
      .execute()
    const byId = new Map(stored.map((r) => [r.id, r]))
    expect(byId.get(noFinnish.id)?.name).toBe('Laundry')
    expect(byId.get(swedishOnly.id)).toMatchObject({ name: 'Klubbrum', names: { sv: 'Klubbrum' } })
  })

  it('staff edit the names; the response and the list follow', async () => {
    const w = await bookingWorld(t)
    await speaking(w.manager.id, 'sv')
    const url = `/api/bookings/orgs/${w.orgId}/categories/${w.categoryId}`
    const res = await w.staff.patch(url, { names: { fi: 'Kerhohuone', sv: 'Klubbrum', en: 'Club room' } })
    expect(res.status).toBe(200)
    expect((await res.json()).category).toMatchObject({
      id: w.categoryId,
      name: 'Klubbrum',
      names: { fi: 'Kerhohuone', sv: 'Klubbrum', en: 'Club room' },
    })
    // Emptying the Swedish name: Swedish readers now see the Finnish one.
    await w.staff.patch(url, { names: { fi: 'Kerhohuone', sv: '', en: 'Club room' } })
    expect((await namesSeen(w, 'sv'))[w.categoryId]).toBe('Kerhohuone')
    // The single `name` of older clients edits the Finnish name and keeps the others.
    const renamed = await w.staff.patch(url, { name: 'Kerho' })
    expect((await renamed.json()).category.names).toEqual({ fi: 'Kerho', en: 'Club room' })
  })

  it('refuses names that are empty, too long or in an unknown language with 422', async () => {
    const w = await bookingWorld(t)
    const post = (body: unknown) => w.staff.post(`/api/bookings/orgs/${w.orgId}/categories`, body)
    const patch = (body: unknown) =>
      w.staff.patch(`/api/bookings/orgs/${w.orgId}/categories/${w.categoryId}`, body)
    for (const res of [
      await post({ names: { fi: '', sv: ' ' } }),
      await post({ names: {} }),
      await post({ names: { de: 'Sauna' } }),
      await post({ names: { fi: 'x'.repeat(101) } }),
      await post({ position: 1 }),
      await patch({ names: { en: '' } }),
      await patch({ names: 'Sauna' }),
    ]) {
      expect(res.status).toBe(422)
      const body = await res.json()
      expect(body.error.code).toBeTypeOf('string')
      expect(JSON.stringify(body)).not.toContain('    at ')
    }
    const unchanged = await t.deps.db
      .selectFrom('booking_categories')
      .select('name')
      .where('org_id', '=', w.orgId)
      .execute()
    expect(unchanged.map((r) => r.name)).toEqual(['Sauna'])
  })

  it('another organisation gets 404 and a resident of the cooperative 403', async () => {
    const w = await bookingWorld(t)
    const other = await createOrg(t.deps.db)
    const outsider = client(t.app, (await member(t.deps.db, other.id, 'property_manager')).token)
    const neighbour = client(t.app, (await resident(t.deps.db, w.orgId, w.buildingId)).token)
    const names = { fi: 'Vieras', sv: 'Främmande', en: 'Stranger' }
    const categories = `/api/bookings/orgs/${w.orgId}/categories`
    const one = `/api/bookings/orgs/${w.orgId}/categories/${w.categoryId}`
    for (const res of [await outsider.post(categories, { names }), await outsider.patch(one, { names })]) {
      expect(res.status).toBe(404)
      expect(JSON.stringify(await res.json())).not.toContain('Sauna')
    }
    expect((await outsider.get(`/api/bookings/orgs/${w.orgId}`)).status).toBe(404)
    expect((await neighbour.post(categories, { names })).status).toBe(403)
    expect((await neighbour.patch(one, { names })).status).toBe(403)
    // The resident reads the names (in their language) but changed nothing.
    const seen = await (await neighbour.get(`/api/bookings/orgs/${w.orgId}`)).json()
    expect(seen.categories.map((c: { name: string }) => c.name)).toEqual(['Sauna'])
    // A category of another organisation is not found through this one.
    const theirs = await t.deps.db
      .insertInto('booking_categories')
      .values({ org_id: other.id, name: 'Theirs' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cross = await w.staff.patch(`/api/bookings/orgs/${w.orgId}/categories/${theirs.id}`, { names })
    expect(cross.status).toBe(404)
  })
})
