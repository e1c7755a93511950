import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArticleDetail, ArticleListResponse, ArticleVersionSummary } from '../../schema/api/kb.ts'
import { createOrg, managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

describe.each(ENGINES)('knowledge base on %s', (engine) => {
  let t: TestContext
  // Migrations on a busy two-core machine can take longer than the default hook timeout.
  beforeAll(async () => {
    t = await startTestApp(engine)
  }, 180_000)
  afterAll(() => t?.close())

  /** A company running two cooperatives, and a cooperative of another company. */
  async function world() {
    const place = await managedCooperative(t.deps.db)
    const sibling = await createOrg(t.deps.db, { kind: 'housing_cooperative', managedBy: place.mgmt.id })
    const away = await managedCooperative(t.deps.db)
    const staff = await member(t.deps.db, place.mgmt.id, 'property_manager')
    const mgmtAuditor = await member(t.deps.db, place.mgmt.id, 'auditor')
    const board = await member(t.deps.db, place.coop.id, 'board_member')
    const resident = await member(t.deps.db, place.coop.id, 'resident')
    const siblingResident = await member(t.deps.db, sibling.id, 'resident')
    const awayResident = await member(t.deps.db, away.coop.id, 'resident')
    const awayStaff = await member(t.deps.db, away.mgmt.id, 'property_manager')
    return {
      ...place,
      sibling,
      away,
      as: {
        staff: client(t.app, staff.token),
        mgmtAuditor: client(t.app, mgmtAuditor.token),
        board: client(t.app, board.token),
        resident: client(t.app, resident.token),
        siblingResident: client(t.app, siblingResident.token),
        awayResident: client(t.app, awayResident.token),
        awayStaff: client(t.app, awayStaff.token),
      },
      ids: { staff: staff.id, board: board.id },
    }
  }

  async function write(c: ReturnType<typeof client>, orgId: string, body: Record<string, unknown>) {
    const res = await c.post(`/api/kb/${orgId}/articles`, body)
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  const list = async (c: ReturnType<typeof client>, orgId: string) => {
    const res = await c.get(`/api/kb/${orgId}/articles`)
    expect(res.status).toBe(200)
    return (await res.json()) as ArticleListResponse
  }

  it('a shared article of the company reaches residents of every cooperative it manages, and no other', async () => {
    const w = await world()
    const id = await write(w.as.staff, w.mgmt.id, {
      title: 'Saunavuorot ja saunan käyttö',
      body: '## Ohje\n\nKiuas päälle 45 min ennen vuoroa.',
      shared: true,
    })
    // A draft: only authors see it, in the company.
    expect((await list(w.as.resident, w.coop.id)).articles).toEqual([])
    expect((await w.as.resident.get(`/api/kb/${w.coop.id}/articles/${id}`)).status).toBe(404)
    expect((await list(w.as.staff, w.mgmt.id)).articles.map((a) => a.status)).toEqual(['draft'])

    expect((await w.as.staff.post(`/api/kb/${w.mgmt.id}/articles/${id}/publish`)).status).toBe(200)
    for (const [c, orgId] of [
      [w.as.resident, w.coop.id],
      [w.as.siblingResident, w.sibling.id],
    ] as const) {
      const seen = await list(c, orgId)
      expect(seen.articles.map((a) => [a.id, a.shared, a.orgId])).toEqual([[id, true, w.mgmt.id]])
      expect(seen.canAuthor).toBe(false)
      const res = await c.get(`/api/kb/${orgId}/articles/${id}`)
      expect(res.status).toBe(200)
      const detail = (await res.json()) as ArticleDetail
      expect(detail.html).toContain('<h2>Ohje</h2>')
      expect(detail.body).toBeNull()
      expect(detail.canEdit).toBe(false)
    }
    // Another company's cooperative: not in its list, and not through its URL or the company's.
    expect((await list(w.as.awayResident, w.away.coop.id)).articles).toEqual([])
    const strangerViews = [
      `/api/kb/${w.away.coop.id}/articles/${id}`,
      `/api/kb/${w.mgmt.id}/articles/${id}`,
      `/api/kb/${w.coop.id}/articles/${id}`,
      `/api/kb/${w.coop.id}/articles`,
    ]
    for (const path of strangerViews) {
      const res = await w.as.awayResident.get(path)
      expect(res.status).toBe(404)
      expect(JSON.stringify(await res.json())).not.toContain('Sauna')
    }
    // The resident cannot read it through the company itself (they are not its member).
    expect((await w.as.resident.get(`/api/kb/${w.mgmt.id}/articles/${id}`)).status).toBe(404)
    // Unpublished again: gone for readers; both changes are in the audit log.
    expect((await w.as.staff.post(`/api/kb/${w.mgmt.id}/articles/${id}/unpublish`)).status).toBe(200)
    expect((await list(w.as.resident, w.coop.id)).articles).toEqual([])
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['kb.article.published', 'kb.article.unpublished'])
    expect(audit[0]?.actor_id).toBe(w.ids.staff)
  })

  it('every save is a version (who, when); an old one can be viewed and restored; stale saves get 409', async () => {
    const w = await world()
    const id = await write(w.as.board, w.coop.id, { title: 'Järjestyssäännöt', body: 'Versio yksi' })
    const save = (body: string, baseVersion: number) =>
      w.as.board.put(`/api/kb/${w.coop.id}/articles/${id}`, {
        title: 'Järjestyssäännöt',
        body,
        categoryId: null,
        language: 'fi',
        shared: false,
        baseVersion,
      })
    expect((await save('Versio kaksi', 1)).status).toBe(200)
    expect((await save('Versio kolme', 2)).status).toBe(200)
    const stale = await save('Kilpaileva muutos', 2)
    expect(stale.status).toBe(409)
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('conflict')

    const versions = (
      (await (await w.as.board.get(`/api/kb/${w.coop.id}/articles/${id}/versions`)).json()) as {
        versions: ArticleVersionSummary[]
      }
    ).versions
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ])
    expect(versions[2]?.createdBy).toBe(w.ids.board)
    expect(versions[2]?.createdByName).toBeTruthy()
    const v1 = (await (await w.as.board.get(`/api/kb/${w.coop.id}/articles/${id}/versions/1`)).json()) as {
      body: string
      html: string
    }
    expect(v1.body).toBe('Versio yksi')
    expect(v1.html).toBe('<p>Versio yksi</p>\n')

    const restored = await w.as.board.post(`/api/kb/${w.coop.id}/articles/${id}/versions/1/restore`)
    expect(restored.status).toBe(200)
    expect(((await restored.json()) as { version: number }).version).toBe(4)
    const now = (await (await w.as.board.get(`/api/kb/${w.coop.id}/articles/${id}`)).json()) as ArticleDetail
    expect([now.version, now.body]).toEqual([4, 'Versio yksi'])
    // Nothing was overwritten: versions 1–4 are all there.
    const count = await t.deps.db
      .selectFrom('kb_article_versions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('article_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(4)
    // Residents never see versions or sources.
    expect((await w.as.resident.get(`/api/kb/${w.coop.id}/articles/${id}/versions`)).status).toBe(404)
    // Management staff edit a cooperative's article in that cooperative.
    const staffSave = await w.as.staff.put(`/api/kb/${w.coop.id}/articles/${id}`, {
      title: 'Järjestyssäännöt',
      body: 'Isännöitsijän korjaus',
      baseVersion: 4,
    })
    expect(staffSave.status).toBe(200)
  })

  it('isolation: another organisation gets 404, a member without the author role 403, for every write', async () => {
    const w = await world()
    const id = await write(w.as.staff, w.mgmt.id, {
      title: 'Jätteiden lajittelu',
      body: 'Bio, kartonki, lasi.',
    })
    const writes = [
      ['POST', `/api/kb/${w.mgmt.id}/articles`, { title: 'X' }],
      ['PUT', `/api/kb/${w.mgmt.id}/articles/${id}`, { title: 'X', body: '', baseVersion: 1 }],
      ['POST', `/api/kb/${w.mgmt.id}/articles/${id}/publish`, {}],
      ['POST', `/api/kb/${w.mgmt.id}/articles/${id}/unpublish`, {}],
      ['DELETE', `/api/kb/${w.mgmt.id}/articles/${id}`, undefined],
      ['GET', `/api/kb/${w.mgmt.id}/articles/${id}/versions`, undefined],
      ['GET', `/api/kb/${w.mgmt.id}/articles/${id}/versions/1`, undefined],
      ['POST', `/api/kb/${w.mgmt.id}/articles/${id}/versions/1/restore`, {}],
      ['POST', `/api/kb/${w.mgmt.id}/categories`, { name: 'Asuminen' }],
      ['POST', `/api/kb/${w.mgmt.id}/render`, { body: '# x' }],
    ] as const
    for (const [method, path, body] of writes) {
      const stranger = await w.as.awayStaff.send(method, path, body)
      expect(stranger.status, `${method} ${path} as another company`).toBe(404)
      expect(JSON.stringify(await stranger.json())).not.toContain('lajittelu')
      const auditor = await w.as.mgmtAuditor.send(method, path, body)
      // The auditor reads the company's knowledge base but the draft is not theirs to see.
      expect([403, 404], `${method} ${path} as auditor`).toContain(auditor.status)
    }
    // Once published the auditor sees it, and writing is a clear 403.
    await w.as.staff.post(`/api/kb/${w.mgmt.id}/articles/${id}/publish`)
    expect((await w.as.mgmtAuditor.get(`/api/kb/${w.mgmt.id}/articles/${id}`)).status).toBe(200)
    for (const [method, path, body] of writes) {
      expect((await w.as.mgmtAuditor.send(method, path, body)).status, `${method} ${path}`).toBe(403)
    }
    // A cooperative resident cannot write into the cooperative either; nor edit the shared article through it.
    expect((await w.as.resident.post(`/api/kb/${w.coop.id}/articles`, { title: 'X' })).status).toBe(403)
    expect(
      (await w.as.board.put(`/api/kb/${w.coop.id}/articles/${id}`, { title: 'X', body: '', baseVersion: 1 }))
        .status,
    ).toBe(404)
  })

  it('categories, validation, sanitised output, and delete (audited)', async () => {
    const w = await world()
    const cat = await w.as.board.post(`/api/kb/${w.coop.id}/categories`, { name: 'Asuminen' })
    expect(cat.status).toBe(201)
    const categoryId = ((await cat.json()) as { id: string }).id
    expect((await w.as.board.post(`/api/kb/${w.coop.id}/categories`, { name: 'Asuminen' })).status).toBe(409)
    // Only a management company shares; a category of another organisation is refused.
    expect(
      (await w.as.board.post(`/api/kb/${w.coop.id}/articles`, { title: 'X', shared: true })).status,
    ).toBe(422)
    const foreignCat = await w.as.staff.post(`/api/kb/${w.mgmt.id}/categories`, { name: 'Yhtiön' })
    const foreignId = ((await foreignCat.json()) as { id: string }).id
    expect(
      (await w.as.board.post(`/api/kb/${w.coop.id}/articles`, { title: 'X', categoryId: foreignId })).status,
    ).toBe(422)
    expect((await w.as.board.post(`/api/kb/${w.coop.id}/articles`, { title: '', extra: 1 })).status).toBe(422)

    const id = await write(w.as.board, w.coop.id, {
      title: 'Pyykkitupa',
      categoryId,
      body: 'Varaa vuoro <script>alert(1)</script><iframe src="https://evil.example"></iframe> [x](javascript:alert(2)) <a href="javascript:alert(3)" onclick="alert(4)">y</a>',
    })
    await w.as.board.post(`/api/kb/${w.coop.id}/articles/${id}/publish`)
    const seen = await list(w.as.resident, w.coop.id)
    expect(seen.articles[0]?.categoryId).toBe(categoryId)
    expect(seen.categories.map((k) => k.name)).toEqual(['Asuminen'])
    const detail = (await (
      await w.as.resident.get(`/api/kb/${w.coop.id}/articles/${id}`)
    ).json()) as ArticleDetail
    expect(detail.html).not.toMatch(/<script|<iframe|onclick|href="javascript/i)
    expect(detail.html).not.toContain('alert(1)')
    expect(detail.excerpt).not.toContain('<')

    const filtered = await w.as.resident.get(`/api/kb/${w.coop.id}/articles?q=pyykki`)
    expect(((await filtered.json()) as ArticleListResponse).articles).toHaveLength(1)
    const none = await w.as.resident.get(`/api/kb/${w.coop.id}/articles?q=${encodeURIComponent('%')}`)
    expect(((await none.json()) as ArticleListResponse).articles).toHaveLength(0)

    expect((await w.as.board.delete(`/api/kb/${w.coop.id}/categories/${categoryId}`)).status).toBe(204)
    expect((await list(w.as.resident, w.coop.id)).articles[0]?.categoryId).toBeNull()
    expect((await w.as.board.delete(`/api/kb/${w.coop.id}/articles/${id}`)).status).toBe(204)
    expect((await w.as.resident.get(`/api/kb/${w.coop.id}/articles/${id}`)).status).toBe(404)
    expect((await w.as.board.get(`/api/kb/${w.coop.id}/articles/${id}`)).status).toBe(404)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .execute()
    expect(audit.map((a) => a.action)).toContain('kb.article.deleted')
  })
})
