import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { managedCooperative } from '../../server/test/factories.ts'
import { createApi } from '../app.ts'
import { managerFolder, reportedCase, useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'

/**
 * The upload throttle: one user's uploads count together over attachments, documents and
 * versions; the 61st within ten minutes gets 429 with Retry-After and stores nothing; other
 * users are not affected; the window slides; parallel uploads cannot overshoot.
 */
describe.each(ENGINES)('upload rate limit on %s', (engine) => {
  const suite = useFilesApp(engine, 'upload-limit')
  const db = () => suite.db()
  type Api = typeof suite.app
  const post = (a: Api, token: string, path: string, body: string) =>
    suite.upload(token, path, new Blob([body]), a)
  const note = () => `Huomio ${crypto.randomUUID()}`

  async function blobCount(): Promise<number> {
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length
  }
  const filesBy = async (userId: string) =>
    Number(
      (
        await db()
          .selectFrom('files')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('uploaded_by', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  async function world(a: Api) {
    const { place, reporter, caseId } = await reportedCase(db(), a, {
      title: 'Paljon kuvia',
      description: 'Kosteusvaurio.',
      category: 'water_damage',
    })
    const { manager, folderId } = await managerFolder(db(), a, place.coop.id, 'Kosteusmittaukset')
    const org = place.coop.id
    return {
      manager,
      reporter,
      attach: (token: string) =>
        post(a, token, `/api/attachments/${org}/of/case/${caseId}?name=n.txt`, note()),
      document: (token: string) =>
        post(a, token, `/api/documents/${org}/folders/${folderId}/documents?name=m.txt`, note()),
      version: (token: string, id: string) =>
        post(a, token, `/api/documents/${org}/documents/${id}/versions?name=m2.txt`, note()),
    }
  }

  it('refuses the 61st upload in ten minutes across attachments and documents, storing nothing', async () => {
    expect(suite.t.deps.config.uploadRate).toEqual({ max: 60, windowMs: 10 * 60_000 })
    const w = await world(suite.app)
    const token = w.manager.token
    let documentId = ''
    for (let i = 0; i < 30; i++) expect((await w.attach(token)).status).toBe(201)
    for (let i = 0; i < 29; i++) {
      const res = await w.document(token)
      expect(res.status).toBe(201)
      documentId = ((await res.json()) as { id: string }).id
    }
    expect((await w.version(token, documentId)).status).toBe(201)
    expect(await filesBy(w.manager.id)).toBe(60)

    const blobsBefore = await blobCount()
    for (const res of [await w.attach(token), await w.document(token), await w.version(token, documentId)]) {
      expect(res.status).toBe(429)
      const retryAfter = Number(res.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(600)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('rate_limited')
      expect(body.error.message).toMatch(/60 uploads in 10 minutes/)
    }
    expect(await filesBy(w.manager.id)).toBe(60)
    expect(await blobCount()).toBe(blobsBefore)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])

    // Per user: the resident still uploads to the same case.
    expect((await w.attach(w.reporter.token)).status).toBe(201)

    // The window slides: once the oldest upload is ten minutes old, one slot is free again.
    const oldest = await db()
      .selectFrom('upload_attempts')
      .select('id')
      .where('user_id', '=', w.manager.id)
      .orderBy('at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow()
    await db()
      .updateTable('upload_attempts')
      .set({ at: sql<Date>`now() - interval '10 minutes 1 second'` })
      .where('id', '=', oldest.id)
      .execute()
    expect((await w.attach(token)).status).toBe(201)
    expect((await w.attach(token)).status).toBe(429)
    expect(await filesBy(w.manager.id)).toBe(61)
  })

  it('lets exactly the limit through when uploads race, and counts refused uploads', async () => {
    const tight = createApi({
      ...suite.t.deps,
      config: { ...suite.t.deps.config, filesDir: suite.filesDir, uploadRate: { max: 5, windowMs: 60_000 } },
    })
    const w = await world(tight)
    const token = w.manager.token
    const statuses = (await Promise.all(Array.from({ length: 12 }, () => w.attach(token)))).map(
      (r) => r.status,
    )
    expect(statuses.filter((s) => s === 201)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(7)
    expect(await filesBy(w.manager.id)).toBe(5)

    // A refused upload (here: an unsupported type) used its slot all the same.
    const place = await managedCooperative(db())
    const orgId = place.coop.id
    const { manager: other, folderId } = await managerFolder(db(), tight, orgId, 'Kansio')
    const html = (n: number) =>
      post(
        tight,
        other.token,
        `/api/documents/${orgId}/folders/${folderId}/documents?name=x${n}.txt`,
        '<html></html>',
      )
    for (let i = 0; i < 5; i++) expect((await html(i)).status).toBe(415)
    expect((await html(5)).status).toBe(429)
  })
})
