import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProductListResponse } from '../../schema/api/materials.ts'
import { loadConfig } from '../../schema/config.ts'
import { createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { createApi } from '../app.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

describe.each(ENGINES)('partner materials on %s', (engine) => {
  let t: TestContext
  let app: ReturnType<typeof createApi>
  // Migrations on a busy two-core machine can take longer than the default hook timeout.
  beforeAll(async () => {
    t = await startTestApp(engine)
    const config = loadConfig({
      DEMO: '1',
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'silent',
      FILES_DIR: join(tmpdir(), 'kotipiha-test-files'),
    })
    app = createApi({ ...t.deps, config })
  }, 180_000)
  afterAll(() => t?.close())

  const upload = (token: string, path: string, bytes: Uint8Array) =>
    app.request(`http://localhost:3000${path}`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:3000',
        cookie: `kp_session=${token}`,
        'content-type': 'application/octet-stream',
      },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    })

  async function world() {
    const db = t.deps.db
    const place = await managedCooperative(db)
    const away = await managedCooperative(db)
    const partner = await createOrg(db, { kind: 'partner_company' })
    const rival = await createOrg(db, { kind: 'partner_company' })
    const investor = await createOrg(db, { kind: 'investor_portfolio' })
    const people = {
      staff: await member(db, place.mgmt.id, 'property_manager'),
      auditor: await member(db, place.mgmt.id, 'auditor'),
      resident: await member(db, place.coop.id, 'resident'),
      contractor: await member(db, partner.id, 'contractor'),
      rival: await member(db, rival.id, 'contractor_representative'),
      investor: await member(db, investor.id, 'investor'),
      awayStaff: await member(db, away.mgmt.id, 'org_admin'),
    }
    const as = Object.fromEntries(
      Object.entries(people).map(([k, v]) => [k, client(app, v.token)]),
    ) as Record<keyof typeof people, ReturnType<typeof client>>
    const product = await as.staff.post(`/api/materials/${place.mgmt.id}/products`, {
      name: 'Lämpöpumppu X200',
      description: 'Huolto-ohjeet ja varaosat',
    })
    expect(product.status).toBe(201)
    const productId = ((await product.json()) as { id: string }).id
    const bytes = new TextEncoder().encode(
      `Huolto-ohje X200 ${crypto.randomUUID()}\nSuodatin vaihdetaan vuosittain.`,
    )
    const up = await upload(
      people.staff.token,
      `/api/materials/${place.mgmt.id}/products/${productId}/materials?name=huolto-x200.txt&title=Huolto-ohje`,
      bytes,
    )
    expect(up.status).toBe(201)
    const materialId = ((await up.json()) as { id: string }).id
    return { ...place, away, partner, rival, investor, people, as, productId, materialId, bytes }
  }

  const granted = async (c: ReturnType<typeof client>, orgId: string) => {
    const res = await c.get(`/api/materials/${orgId}/granted`)
    return { status: res.status, body: (await res.json()) as ProductListResponse }
  }

  it('a partner sees and downloads only the products granted to its company', async () => {
    const w = await world()
    // Nothing is granted yet.
    expect((await granted(w.as.contractor, w.partner.id)).body.products).toEqual([])
    const grant = await w.as.staff.put(`/api/materials/${w.mgmt.id}/products/${w.productId}/grants`, {
      partnerOrgIds: [w.partner.id],
    })
    expect(grant.status).toBe(200)

    const seen = await granted(w.as.contractor, w.partner.id)
    expect(seen.body.products.map((p) => [p.name, p.orgName, p.materials.map((m) => m.title)])).toEqual([
      ['Lämpöpumppu X200', w.mgmt.name, ['Huolto-ohje']],
    ])
    expect(seen.body.products[0]?.grants).toBeUndefined()
    const link = seen.body.products[0]?.materials[0]?.downloadUrl ?? ''
    const file = await w.as.contractor.get(`/api${link}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="huolto-x200.txt"/)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(w.bytes)

    // Another partner, an investor, a resident and another company's staff get nothing.
    expect((await granted(w.as.rival, w.rival.id)).body.products).toEqual([])
    expect((await granted(w.as.investor, w.investor.id)).body.products).toEqual([])
    for (const [name, c] of Object.entries({
      rival: w.as.rival,
      investor: w.as.investor,
      resident: w.as.resident,
      awayStaff: w.as.awayStaff,
    })) {
      expect((await granted(c, w.partner.id)).status, `${name} lists the partner's grants`).toBe(404)
      for (const orgId of [w.partner.id, w.mgmt.id, w.rival.id, w.coop.id]) {
        const res = await c.get(`/api/materials/${orgId}/materials/${w.materialId}/download`)
        expect(res.status, `${name} downloads via ${orgId}`).toBe(404)
        expect(await res.text()).not.toContain('Suodatin')
      }
    }

    // Revoked: the partner loses it at once, the file included.
    await w.as.staff.put(`/api/materials/${w.mgmt.id}/products/${w.productId}/grants`, { partnerOrgIds: [] })
    expect((await granted(w.as.contractor, w.partner.id)).body.products).toEqual([])
    expect((await w.as.contractor.get(`/api${link}`)).status).toBe(404)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', 'in', [w.productId, w.materialId])
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'materials.material.published',
      'materials.grants.changed',
      'materials.grants.changed',
    ])
  })

  it('publisher endpoints: another organisation 404, a member without the role 403, a partner 404', async () => {
    const w = await world()
    const paths = [
      ['GET', `/api/materials/${w.mgmt.id}/products`, undefined],
      ['GET', `/api/materials/${w.mgmt.id}/partners`, undefined],
      ['POST', `/api/materials/${w.mgmt.id}/products`, { name: 'X' }],
      ['PATCH', `/api/materials/${w.mgmt.id}/products/${w.productId}`, { name: 'X' }],
      ['PUT', `/api/materials/${w.mgmt.id}/products/${w.productId}/grants`, { partnerOrgIds: [w.rival.id] }],
      ['DELETE', `/api/materials/${w.mgmt.id}/products/${w.productId}`, undefined],
      ['PATCH', `/api/materials/${w.mgmt.id}/materials/${w.materialId}`, { title: 'X' }],
      ['DELETE', `/api/materials/${w.mgmt.id}/materials/${w.materialId}`, undefined],
    ] as const
    for (const [method, path, body] of paths) {
      for (const c of [w.as.awayStaff, w.as.contractor, w.as.resident]) {
        const res = await c.send(method, path, body)
        expect(res.status, `${method} ${path}`).toBe(404)
        expect(await res.text()).not.toContain('X200')
      }
      expect((await w.as.auditor.send(method, path, body)).status, `${method} ${path} as auditor`).toBe(403)
    }
    const up = await upload(
      w.people.auditor.token,
      `/api/materials/${w.mgmt.id}/products/${w.productId}/materials?name=x.txt`,
      new TextEncoder().encode('x'),
    )
    expect(up.status).toBe(403)
    // Grants go to partner companies and investors only, never to a cooperative.
    const bad = await w.as.staff.put(`/api/materials/${w.mgmt.id}/products/${w.productId}/grants`, {
      partnerOrgIds: [w.coop.id],
    })
    expect(bad.status).toBe(422)
    // The publisher's view lists grants and the partner list has no cooperatives.
    await w.as.staff.put(`/api/materials/${w.mgmt.id}/products/${w.productId}/grants`, {
      partnerOrgIds: [w.partner.id, w.investor.id],
    })
    const mine = (await (
      await w.as.staff.get(`/api/materials/${w.mgmt.id}/products`)
    ).json()) as ProductListResponse
    expect(mine.products[0]?.grants?.map((g) => g.id).sort()).toEqual([w.partner.id, w.investor.id].sort())
    const partners = (await (await w.as.staff.get(`/api/materials/${w.mgmt.id}/partners`)).json()) as {
      partners: { kind: string }[]
    }
    expect(new Set(partners.partners.map((p) => p.kind))).toEqual(
      new Set(['partner_company', 'investor_portfolio']),
    )
    // A withdrawn material and a deleted product are gone for the partner.
    expect((await w.as.staff.delete(`/api/materials/${w.mgmt.id}/materials/${w.materialId}`)).status).toBe(
      204,
    )
    expect((await granted(w.as.contractor, w.partner.id)).body.products[0]?.materials).toEqual([])
    expect((await w.as.staff.delete(`/api/materials/${w.mgmt.id}/products/${w.productId}`)).status).toBe(204)
    expect((await granted(w.as.investor, w.investor.id)).body.products).toEqual([])
  })

  it('refuses a file type that could run in a browser', async () => {
    const w = await world()
    const res = await upload(
      w.people.staff.token,
      `/api/materials/${w.mgmt.id}/products/${w.productId}/materials?name=x.html`,
      new TextEncoder().encode('<html><script>alert(1)</script></html>'),
    )
    expect(res.status).toBe(415)
  })
})
