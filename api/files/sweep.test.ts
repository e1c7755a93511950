import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { blobPath, storeBytes, storeUpload } from '../../server/files/storage.ts'
import { managerFolder, reportedCase, useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { DEFAULT_GRACE_MS, sweepOrphanBlobs } from './sweep.ts'

/**
 * The orphan sweep on real files: blobs uploaded through the API (an attachment and its
 * thumbnail, a removed attachment, a document version) stay; blobs no row references go once
 * they are older than the grace period, not before; stale temporary files go; anything else under
 * the files directory is left alone.
 */
const DAY = 24 * 60 * 60 * 1000

describe.each(ENGINES)('orphan blob sweep on %s', (engine) => {
  const suite = useFilesApp(engine, 'sweep')
  const db = () => suite.db()
  const post = (token: string, path: string, body: BodyInit) => suite.upload(token, path, body)
  const text = (label: string) => new Blob([`${label} ${crypto.randomUUID()}`])
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    )
  /** Every file under the directory, made `ms` old. */
  async function ageEverything(ms: number) {
    const when = new Date(Date.now() - ms)
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true })
    for (const e of entries) if (e.isFile()) await utimes(join(e.parentPath, e.name), when, when)
  }

  async function referencedBlobs() {
    const { place, reporter, caseId } = await reportedCase(db(), suite.app, {
      title: 'Ovi jumittaa',
      description: 'Rappukäytävän ovi.',
      category: 'other',
    })
    const token = reporter.token
    const attach = async (body: Blob, name: string) => {
      const res = await post(token, `/api/attachments/${place.coop.id}/of/case/${caseId}?name=${name}`, body)
      expect(res.status).toBe(201)
      const { id } = ((await res.json()) as { attachment: { id: string } }).attachment
      return db()
        .selectFrom('attachments as a')
        .innerJoin('files as f', 'f.id', 'a.file_id')
        .select(['a.id', 'f.sha256', 'a.thumb_sha256'])
        .where('a.id', '=', id)
        .executeTakeFirstOrThrow()
    }
    const photo = await sharp({
      create: {
        width: 300,
        height: 200,
        channels: 3,
        background: { r: 10, g: Math.floor(Math.random() * 255), b: 90 },
      },
    })
      .png()
      .toBuffer()
    const image = await attach(new Blob([photo]), 'ovi.png')
    const removed = await attach(text('removed attachment'), 'poistettu.txt')
    expect(
      (await client(suite.app, token).delete(`/api/attachments/${place.coop.id}/${removed.id}`)).status,
    ).toBe(200)

    const { manager, folderId } = await managerFolder(db(), suite.app, place.coop.id, 'Pöytäkirjat')
    const doc = await post(
      manager.token,
      `/api/documents/${place.coop.id}/folders/${folderId}/documents?name=pk.txt`,
      text('minutes'),
    )
    expect(doc.status).toBe(201)
    const docId = ((await doc.json()) as { id: string }).id
    const version = await db()
      .selectFrom('document_versions as v')
      .innerJoin('files as f', 'f.id', 'v.file_id')
      .select('f.sha256')
      .where('v.document_id', '=', docId)
      .executeTakeFirstOrThrow()
    if (!image.thumb_sha256) throw new Error('the PNG got no thumbnail')
    return [image.sha256, image.thumb_sha256, removed.sha256, version.sha256]
  }

  it('removes old unreferenced blobs and stale temporary files, keeps referenced, young and foreign files', async () => {
    const kept = await referencedBlobs()
    const orphan = await storeBytes(
      suite.filesDir,
      new TextEncoder().encode(`orphan ${crypto.randomUUID()}`),
      'text/plain',
    )
    const orphanImage = await storeBytes(
      suite.filesDir,
      await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123' } })
        .webp()
        .toBuffer(),
      'image/webp',
    )
    await mkdir(join(suite.filesDir, 'tmp'), { recursive: true })
    await writeFile(join(suite.filesDir, 'tmp', crypto.randomUUID()), 'half an upload from a crashed process')
    // Not ours to judge: a file that is not named like a blob, and one in the wrong folder.
    const foreign = [join(suite.filesDir, 'README.txt'), join(suite.filesDir, 'ab', 'cd', 'f'.repeat(64))]
    await mkdir(join(suite.filesDir, 'ab', 'cd'), { recursive: true })
    for (const path of foreign) await writeFile(path, 'keep me')
    await ageEverything(2 * DAY)
    const young = await storeBytes(
      suite.filesDir,
      new TextEncoder().encode(`young ${crypto.randomUUID()}`),
      'text/plain',
    )

    const dry = await sweepOrphanBlobs(db(), suite.filesDir, { dryRun: true })
    expect(dry).toMatchObject({ blobs: 7, candidates: 6, removed: 2, tmpRemoved: 1 })
    expect(await exists(blobPath(suite.filesDir, orphan.sha256))).toBe(true)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toHaveLength(1)

    const swept = await sweepOrphanBlobs(db(), suite.filesDir)
    expect(swept).toEqual({
      blobs: 7,
      candidates: 6,
      removed: 2,
      removedBytes: orphan.size + orphanImage.size,
      tmpRemoved: 1,
    })
    expect(await exists(blobPath(suite.filesDir, orphan.sha256))).toBe(false)
    expect(await exists(blobPath(suite.filesDir, orphanImage.sha256))).toBe(false)
    for (const sha of [...kept, young.sha256])
      expect(await exists(blobPath(suite.filesDir, sha)), sha).toBe(true)
    for (const path of foreign) expect(await exists(path), path).toBe(true)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])

    // Once past the grace period the young orphan goes too; a second run has nothing else to do.
    await ageEverything(DEFAULT_GRACE_MS + 60_000)
    const again = await sweepOrphanBlobs(db(), suite.filesDir)
    expect([again.removed, again.tmpRemoved]).toEqual([1, 0])
    expect(await exists(blobPath(suite.filesDir, young.sha256))).toBe(false)
    for (const sha of kept) expect(await exists(blobPath(suite.filesDir, sha)), sha).toBe(true)
  })

  it('spares an old orphan that is uploaded again before its row is written', async () => {
    const bytes = new TextEncoder().encode(`uploaded twice ${crypto.randomUUID()}`)
    const first = await storeBytes(suite.filesDir, bytes, 'text/plain')
    await ageEverything(2 * DAY)
    // The same bytes arrive again: the store is done, the row is not inserted yet.
    const second = await storeUpload(suite.filesDir, new Blob([bytes]).stream(), bytes.length)
    expect(second.sha256).toBe(first.sha256)
    const swept = await sweepOrphanBlobs(db(), suite.filesDir)
    expect(await exists(blobPath(suite.filesDir, first.sha256))).toBe(true)
    expect(swept.removed).toBe(0)
  })
})
