import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { corruptPdf, eventually, makeDocx, makePdf } from '../indexer/test/fixtures.ts'
import type { Role } from '../schema/roles.ts'
import { managedCooperative, member } from '../server/test/factories.ts'
import { type SearchWorld, startSearchWorld } from './search/world.ts'

describe.each(ENGINES)('documents on %s', (engine) => {
  let w: SearchWorld
  beforeAll(async () => {
    w = await startSearchWorld(engine)
    await w.indexer()
  })
  afterAll(() => w.close())

  const upload = (token: string, path: string, bytes: Uint8Array) =>
    w.app.request(`http://localhost:3000${path}`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:3000',
        cookie: `kp_session=${token}`,
        'content-type': 'application/octet-stream',
      },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    })

  async function world() {
    const place = await managedCooperative(w.db)
    const people: Record<string, Awaited<ReturnType<typeof member>>> = {}
    for (const role of ['property_manager', 'board_member', 'resident', 'auditor'] as Role[]) {
      people[role] = await member(w.db, place.coop.id, role)
    }
    const staff = await member(w.db, place.mgmt.id, 'property_manager')
    const manager = client(w.app, people.property_manager?.token)
    const res = await manager.post(`/api/documents/${place.coop.id}/folders`, { name: 'Yhtiökokous 2026' })
    expect(res.status).toBe(201)
    const { id: folderId } = (await res.json()) as { id: string }
    return { ...place, people, staff, folderId }
  }

  const word = () => `sana${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`

  it('uploads a PDF, keeps every version, downloads safely, and extracts its text for search', async () => {
    const wd = await world()
    const token = wd.people.property_manager?.token ?? ''
    const secret = word()
    const v1 = await makePdf(['Yhtiokokouksen poytakirja', `Paatettiin ${secret} kattoremontista`])
    const res = await upload(
      token,
      `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=poytakirja.pdf`,
      v1,
    )
    expect(res.status).toBe(201)
    const { id, mime } = (await res.json()) as { id: string; mime: string }
    expect(mime).toBe('application/pdf')

    const v2 = await makePdf(['Yhtiokokouksen poytakirja, korjattu'])
    const res2 = await upload(
      token,
      `/api/documents/${wd.coop.id}/documents/${id}/versions?name=poytakirja-v2.pdf`,
      v2,
    )
    expect(res2.status).toBe(201)

    const resident = client(w.app, wd.people.resident?.token)
    const detail = (await (await resident.get(`/api/documents/${wd.coop.id}/documents/${id}`)).json()) as {
      versions: { version: number; size: number; createdBy: string; createdByName: string }[]
    }
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1])
    expect(detail.versions[1]?.size).toBe(v1.byteLength)
    expect(detail.versions[1]?.createdBy).toBe(wd.people.property_manager?.id)

    const download = await resident.get(`/api/documents/${wd.coop.id}/documents/${id}/versions/1/download`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="poytakirja.pdf"/)
    expect(download.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(v1)
    const inline = await resident.get(
      `/api/documents/${wd.coop.id}/documents/${id}/versions/2/download?inline=1`,
    )
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/)
    expect(inline.headers.get('content-security-policy')).toContain('sandbox')

    // The old version's word is gone from search once v2 is current; v2's text is searchable.
    await eventually(async () => {
      const text = (await (
        await resident.get(`/api/documents/${wd.coop.id}/documents/${id}/text`)
      ).json()) as {
        status: string
        text: string
      }
      expect(text.status).toBe('ready')
      expect(text.text).toContain('korjattu')
    })
    const search = async (q: string) =>
      ((await (await resident.get(`/api/search?q=${q}`)).json()) as { results: { id: string }[] }).results
    await eventually(async () => expect(await search('korjattu')).toHaveLength(1))
    expect(await search(secret)).toEqual([])
  })

  it('extracts a docx, and a corrupt file is recorded as failed without hanging the indexer', async () => {
    const wd = await world()
    const token = wd.people.board_member?.token ?? ''
    const secret = word()
    const docx = await makeDocx(['Järjestyssäännöt', `Pyykit kuivataan ${secret} kuivaushuoneessa.`])
    const res = await upload(
      token,
      `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=saannot.docx`,
      docx,
    )
    expect(res.status).toBe(201)
    const bad = await upload(
      token,
      `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=rikki.pdf`,
      corruptPdf(),
    )
    expect(bad.status).toBe(201)
    const badId = ((await bad.json()) as { id: string }).id
    const resident = client(w.app, wd.people.resident?.token)
    await eventually(async () => {
      const r = (await (await resident.get(`/api/search?q=${secret}`)).json()) as {
        results: { title: string }[]
      }
      expect(r.results.map((x) => x.title)).toEqual(['saannot'])
    })
    await eventually(async () => {
      const t = (await (
        await resident.get(`/api/documents/${wd.coop.id}/documents/${badId}/text`)
      ).json()) as {
        status: string
        error: string
      }
      expect(t.status).toBe('failed')
    })
    // Still found by its title.
    await eventually(async () => {
      const r = (await (await resident.get('/api/search?q=rikki')).json()) as { results: { orgId: string }[] }
      expect(r.results.some((x) => x.orgId === wd.coop.id)).toBe(true)
    })
  })

  it('refuses types outside the allowlist by their bytes, whatever the name, and oversized files', async () => {
    const wd = await world()
    const token = wd.people.property_manager?.token ?? ''
    const path = (name: string) =>
      `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=${name}`
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )
    expect((await upload(token, path('kuva.png'), svg)).status).toBe(415)
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])
    expect((await upload(token, path('ohje.pdf'), exe)).status).toBe(415)
    const huge = new Uint8Array(25 * 1024 * 1024 + 1).fill(0x61)
    const tooBig = await upload(token, path('iso.txt'), huge)
    expect(tooBig.status).toBe(413)
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    // A text file named .pdf is stored as what it is.
    const txt = await upload(token, path('muistio.pdf'), new TextEncoder().encode('Pihatalkoot lauantaina'))
    expect(((await txt.json()) as { mime: string }).mime).toBe('text/plain')
  })

  it('soft-deletes and restores (staff only), audited', async () => {
    const wd = await world()
    const board = client(w.app, wd.people.board_member?.token)
    const res = await upload(
      wd.people.board_member?.token ?? '',
      `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=ohje.txt`,
      new TextEncoder().encode('Saunan ohje'),
    )
    const { id } = (await res.json()) as { id: string }
    expect((await board.delete(`/api/documents/${wd.coop.id}/documents/${id}`)).status).toBe(200)
    const resident = client(w.app, wd.people.resident?.token)
    expect((await resident.get(`/api/documents/${wd.coop.id}/documents/${id}`)).status).toBe(404)
    expect((await board.post(`/api/documents/${wd.coop.id}/documents/${id}/restore`)).status).toBe(403)
    const staff = client(w.app, wd.staff.token)
    const trash = (await (await staff.get(`/api/documents/${wd.coop.id}/trash`)).json()) as {
      documents: { id: string; title: string; folderName: string; deletedByName: string }[]
      folders: unknown[]
    }
    expect(trash.documents.map((d) => [d.id, d.title, d.folderName])).toEqual([
      [id, 'ohje', 'Yhtiökokous 2026'],
    ])
    expect(trash.documents[0]?.deletedByName).toBeTruthy()
    expect(trash.folders).toEqual([])
    expect((await staff.post(`/api/documents/${wd.coop.id}/documents/${id}/restore`)).status).toBe(200)
    expect(
      ((await (await staff.get(`/api/documents/${wd.coop.id}/trash`)).json()) as typeof trash).documents,
    ).toEqual([])
    expect((await resident.get(`/api/documents/${wd.coop.id}/documents/${id}`)).status).toBe(200)
    expect((await board.delete(`/api/documents/${wd.coop.id}/folders/${wd.folderId}`)).status).toBe(200)
    expect((await resident.get(`/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents`)).status).toBe(
      404,
    )
    const trashed = (await (await staff.get(`/api/documents/${wd.coop.id}/trash`)).json()) as {
      folders: { id: string; name: string }[]
    }
    expect(trashed.folders.map((f) => [f.id, f.name])).toEqual([[wd.folderId, 'Yhtiökokous 2026']])
    expect((await staff.post(`/api/documents/${wd.coop.id}/folders/${wd.folderId}/restore`)).status).toBe(200)
    const actions = (
      await w.db
        .selectFrom('audit_log')
        .select('action')
        .where('org_id', '=', wd.coop.id)
        .orderBy('at')
        .execute()
    ).map((a) => a.action)
    expect(actions).toEqual([
      'folder.created',
      'document.uploaded',
      'document.deleted',
      'document.restored',
      'folder.deleted',
      'folder.restored',
    ])
  })

  it('every endpoint: another organisation 404, member without the role 403, the role 2xx', async () => {
    const wd = await world()
    const away = await managedCooperative(w.db)
    const stranger = await member(w.db, away.coop.id, 'org_admin')
    const strangerStaff = await member(w.db, away.mgmt.id, 'org_admin')
    const manager = wd.people.property_manager?.token ?? ''
    const doc = (await (
      await upload(
        manager,
        `/api/documents/${wd.coop.id}/folders/${wd.folderId}/documents?name=a.txt`,
        new TextEncoder().encode('abc'),
      )
    ).json()) as { id: string }
    const boardFolder = (await (
      await client(w.app, manager).post(`/api/documents/${wd.coop.id}/folders`, {
        name: 'Hallitus',
        visibility: { groups: ['board'] },
      })
    ).json()) as { id: string }
    const o = wd.coop.id
    type Call = {
      name: string
      method: 'get' | 'post' | 'patch' | 'delete' | 'upload'
      path: string
      body?: unknown
      denied: string
    }
    const calls: Call[] = [
      {
        name: 'list folders (deleted)',
        method: 'get',
        path: `/api/documents/${o}/folders?deleted=1`,
        denied: 'resident',
      },
      {
        name: 'create folder',
        method: 'post',
        path: `/api/documents/${o}/folders`,
        body: { name: 'X' },
        denied: 'resident',
      },
      {
        name: 'rename folder',
        method: 'patch',
        path: `/api/documents/${o}/folders/${wd.folderId}`,
        body: { name: 'Y' },
        denied: 'resident',
      },
      {
        name: 'read board folder',
        method: 'get',
        path: `/api/documents/${o}/folders/${boardFolder.id}/documents`,
        denied: 'resident',
      },
      {
        name: 'upload',
        method: 'upload',
        path: `/api/documents/${o}/folders/${wd.folderId}/documents?name=b.txt`,
        denied: 'resident',
      },
      {
        name: 'new version',
        method: 'upload',
        path: `/api/documents/${o}/documents/${doc.id}/versions?name=c.txt`,
        denied: 'auditor',
      },
      {
        name: 'rename document',
        method: 'patch',
        path: `/api/documents/${o}/documents/${doc.id}`,
        body: { title: 'Z' },
        denied: 'resident',
      },
      {
        name: 'restore document',
        method: 'post',
        path: `/api/documents/${o}/documents/${doc.id}/restore`,
        denied: 'board_member',
      },
      {
        name: 'restore folder',
        method: 'post',
        path: `/api/documents/${o}/folders/${wd.folderId}/restore`,
        denied: 'board_member',
      },
      {
        name: 'trash (what staff can restore)',
        method: 'get',
        path: `/api/documents/${o}/trash`,
        denied: 'board_member',
      },
      {
        name: 'delete document',
        method: 'delete',
        path: `/api/documents/${o}/documents/${doc.id}`,
        denied: 'resident',
      },
      {
        name: 'delete folder',
        method: 'delete',
        path: `/api/documents/${o}/folders/${boardFolder.id}`,
        denied: 'auditor',
      },
    ]
    const readOnly: { name: string; path: string }[] = [
      { name: 'list folders', path: `/api/documents/${o}/folders` },
      { name: 'list documents', path: `/api/documents/${o}/folders/${wd.folderId}/documents` },
      { name: 'read document', path: `/api/documents/${o}/documents/${doc.id}` },
      { name: 'download', path: `/api/documents/${o}/documents/${doc.id}/versions/1/download` },
      { name: 'text', path: `/api/documents/${o}/documents/${doc.id}/text` },
    ]
    const send = (token: string, call: Pick<Call, 'method' | 'path' | 'body'>) =>
      call.method === 'upload'
        ? upload(token, call.path, new TextEncoder().encode('uusi versio'))
        : client(w.app, token).send(
            call.method.toUpperCase(),
            call.path,
            call.body ?? (call.method === 'get' ? undefined : {}),
          )
    for (const call of [...readOnly.map((r) => ({ ...r, method: 'get' as const, denied: '' })), ...calls]) {
      for (const outsider of [stranger.token, strangerStaff.token]) {
        const res = await send(outsider, call)
        expect(res.status, `${call.name} as another organisation`).toBe(404)
        expect(Object.keys((await res.json()) as object), call.name).toEqual(['error'])
      }
      if (call.denied) {
        const res = await send(wd.people[call.denied]?.token ?? '', call)
        expect(res.status, `${call.name} as ${call.denied}`).toBe(403)
      }
    }
    for (const call of [...readOnly.map((r) => ({ ...r, method: 'get' as const })), ...calls]) {
      const res = await send(/^(restore|trash)/.test(call.name) ? wd.staff.token : manager, call)
      expect(res.status, `${call.name} with the role`).toBeLessThan(300)
    }
  })
})
