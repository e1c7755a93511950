import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../api/test/harness.ts'
import { client } from '../../api/test/http.ts'
import { reindex } from '../../indexer/reindex.ts'
import { eventually, letters } from '../../indexer/test/fixtures.ts'
import { createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { type SearchWorld, startSearchWorld } from './world.ts'

/**
 * Articles and partner materials through GET /api/search, indexed by the real indexer from the
 * outbox rows the API writes: shared articles reach the managed cooperatives and no others,
 * drafts are never found, a partner finds only what is granted to its company.
 */
describe.each(ENGINES)('knowledge base in search on %s', (engine) => {
  let w: SearchWorld
  // Migrations on a busy two-core machine can take longer than the default hook timeout.
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer({ pollMs: 25 })
  }, 180_000)
  afterAll(() => w?.close())

  type Hit = { type: string; orgId: string; title: string; url: string }
  const search = async (token: string, q: string) => {
    const res = await client(w.app, token).get(`/api/search?q=${encodeURIComponent(q)}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: Hit[] }).results
  }

  it('a shared article is found in every managed cooperative, a draft nowhere, another company never', async () => {
    const home = await managedCooperative(w.db)
    const away = await managedCooperative(w.db)
    const staff = await member(w.db, home.mgmt.id, 'property_manager')
    const resident = await member(w.db, home.coop.id, 'resident')
    const awayResident = await member(w.db, away.coop.id, 'resident')
    const awayStaff = await member(w.db, away.mgmt.id, 'property_manager')
    const words = { shared: letters('saunavuoro'), draft: letters('luonnos'), own: letters('pyykki') }
    const as = client(w.app, staff.token)
    const write = async (orgId: string, title: string, body: string, shared: boolean) => {
      const res = await as.post(`/api/kb/${orgId}/articles`, { title, body, shared })
      expect(res.status).toBe(201)
      return ((await res.json()) as { id: string }).id
    }
    const shared = await write(
      home.mgmt.id,
      'Saunavuorot ja saunan käyttö',
      `Varaa ${words.shared} ajoissa.`,
      true,
    )
    const draft = await write(home.mgmt.id, 'Luonnos', `Keskeneräinen ${words.draft}`, true)
    const own = await write(home.coop.id, 'Pyykkitupa', `Pese ${words.own} arkisin.`, false)
    await as.post(`/api/kb/${home.mgmt.id}/articles/${shared}/publish`)
    await as.post(`/api/kb/${home.coop.id}/articles/${own}/publish`)

    await eventually(async () => {
      const hits = await search(resident.token, words.shared)
      expect(hits.map((h) => [h.type, h.orgId, h.url])).toEqual([
        ['article', home.coop.id, `/org/${home.coop.id}/kb/${shared}`],
      ])
    })
    // Its own outbox row, indexed on its own: finding the shared one says nothing of this one.
    await eventually(async () =>
      expect((await search(resident.token, words.own)).map((h) => h.title)).toEqual(['Pyykkitupa']),
    )
    // Staff reach the company and the cooperative they run, and find it once: the company's own.
    expect((await search(staff.token, words.shared)).map((h) => [h.orgId, h.url])).toEqual([
      [home.mgmt.id, `/org/${home.mgmt.id}/kb/${shared}`],
    ])
    // Another company's people find none of it; a draft is found by nobody, its author included.
    for (const token of [awayResident.token, awayStaff.token]) {
      expect(await search(token, words.shared)).toEqual([])
      expect(await search(token, words.own)).toEqual([])
    }
    for (const token of [resident.token, staff.token]) expect(await search(token, words.draft)).toEqual([])

    // Unsharing, unpublishing and deleting take the records away again.
    await as.put(`/api/kb/${home.mgmt.id}/articles/${shared}`, {
      title: 'Saunavuorot ja saunan käyttö',
      body: `Varaa ${words.shared} ajoissa.`,
      shared: false,
      baseVersion: 1,
    })
    await eventually(async () => expect(await search(resident.token, words.shared)).toEqual([]))
    expect((await search(staff.token, words.shared)).map((h) => h.orgId)).toEqual([home.mgmt.id])
    await as.post(`/api/kb/${home.coop.id}/articles/${own}/unpublish`)
    await eventually(async () => expect(await search(resident.token, words.own)).toEqual([]))
    await as.delete(`/api/kb/${home.mgmt.id}/articles/${shared}`)
    await eventually(async () => expect(await search(staff.token, words.shared)).toEqual([]))
    void draft
  })

  it('a partner finds only the materials granted to its company, until the grant is revoked', async () => {
    const home = await managedCooperative(w.db)
    const partner = await createOrg(w.db, { kind: 'partner_company' })
    const rival = await createOrg(w.db, { kind: 'partner_company' })
    const staff = await member(w.db, home.mgmt.id, 'property_manager')
    const contractor = await member(w.db, partner.id, 'contractor')
    const rivalContractor = await member(w.db, rival.id, 'contractor')
    const resident = await member(w.db, home.coop.id, 'resident')
    const otherCompany = await managedCooperative(w.db)
    const otherStaff = await member(w.db, otherCompany.mgmt.id, 'org_admin')
    const as = client(w.app, staff.token)
    const word = letters('lampopumppu')
    const product = await as.post(`/api/materials/${home.mgmt.id}/products`, { name: `Lämpöpumppu ${word}` })
    const productId = ((await product.json()) as { id: string }).id
    const up = await w.app.request(
      `http://localhost:3000/api/materials/${home.mgmt.id}/products/${productId}/materials?name=ohje.txt&title=Huolto-ohje`,
      {
        method: 'POST',
        headers: { origin: 'http://localhost:3000', cookie: `kp_session=${staff.token}` },
        body: 'Suodattimen vaihto',
      },
    )
    expect(up.status).toBe(201)
    await as.put(`/api/materials/${home.mgmt.id}/products/${productId}/grants`, {
      partnerOrgIds: [partner.id],
    })

    await eventually(async () => {
      const hits = await search(contractor.token, word)
      expect(hits.map((h) => [h.type, h.orgId, h.title])).toEqual([['material', partner.id, 'Huolto-ohje']])
    })
    expect((await search(staff.token, word)).map((h) => h.orgId)).toEqual([home.mgmt.id])
    expect(await search(rivalContractor.token, word)).toEqual([])
    expect(await search(resident.token, word)).toEqual([])
    expect(await search(otherStaff.token, word)).toEqual([])

    await as.put(`/api/materials/${home.mgmt.id}/products/${productId}/grants`, { partnerOrgIds: [rival.id] })
    await eventually(async () => {
      expect(await search(contractor.token, word)).toEqual([])
      expect((await search(rivalContractor.token, word)).map((h) => h.orgId)).toEqual([rival.id])
    })
  })

  it('a reindex from the tables rebuilds shared articles and granted materials, drafts still out', async () => {
    const home = await managedCooperative(w.db)
    const partner = await createOrg(w.db, { kind: 'partner_company' })
    const staff = await member(w.db, home.mgmt.id, 'property_manager')
    const resident = await member(w.db, home.coop.id, 'resident')
    const contractor = await member(w.db, partner.id, 'contractor')
    const as = client(w.app, staff.token)
    const words = {
      article: letters('kierratys'),
      draft: letters('keskenerainen'),
      material: letters('ovipuhelin'),
    }
    const shared = await as.post(`/api/kb/${home.mgmt.id}/articles`, {
      title: 'Jätteet',
      body: words.article,
      shared: true,
    })
    const sharedId = ((await shared.json()) as { id: string }).id
    await as.post(`/api/kb/${home.mgmt.id}/articles/${sharedId}/publish`)
    await as.post(`/api/kb/${home.mgmt.id}/articles`, { title: 'Luonnos', body: words.draft, shared: true })
    const product = await as.post(`/api/materials/${home.mgmt.id}/products`, {
      name: `Ovipuhelin ${words.material}`,
    })
    const productId = ((await product.json()) as { id: string }).id
    await w.app.request(
      `http://localhost:3000/api/materials/${home.mgmt.id}/products/${productId}/materials?name=ohje.txt`,
      {
        method: 'POST',
        headers: { origin: 'http://localhost:3000', cookie: `kp_session=${staff.token}` },
        body: 'Asennusohje',
      },
    )
    await as.put(`/api/materials/${home.mgmt.id}/products/${productId}/grants`, {
      partnerOrgIds: [partner.id],
    })
    await eventually(async () => expect(await search(contractor.token, words.material)).toHaveLength(1))

    await w.stopIndexers()
    const summary = await reindex({ db: w.db, config: w.config, types: ['article', 'material'] })
    expect(summary.map((s) => s.type)).toEqual(['article', 'material'])
    for (const s of summary) expect(s.indexed, s.type).toBeGreaterThan(0)
    expect((await search(resident.token, words.article)).map((h) => h.orgId)).toEqual([home.coop.id])
    expect((await search(contractor.token, words.material)).map((h) => h.orgId)).toEqual([partner.id])
    expect(await search(staff.token, words.draft)).toEqual([])
    expect(await search(resident.token, words.material)).toEqual([])
    await w.indexer({ pollMs: 25 })
  })
})
