import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { blobPath } from '../../server/files/storage.ts'
import { ENGINES } from '../test/harness.ts'
import { jpeg, LIMIT, png, useAttachmentsApp } from './testWorld.ts'

/**
 * Attachment files through the one files service: type by content (never by name), the size
 * limit mid-stream with nothing left on disk, safe serving (attachment + nosniff; SVG never
 * inline) and thumbnails. Who may read them: visibility.test.ts.
 */
describe.each(ENGINES)('attachment files on %s', (engine) => {
  const { suite, db, upload, get, world, idOf } = useAttachmentsApp(engine)

  it('refuses a file whose bytes are not an allowed type, whatever its name', async () => {
    const w = await world()
    const path = `${w.home.coop.id}/of/case/${w.caseId}`
    const exe = new Uint8Array(4096)
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04])
    exe.set(new TextEncoder().encode('PE\0\0'), 0x80)
    exe.set([0x80, 0, 0, 0], 0x3c)
    const disguised: Array<[string, Uint8Array]> = [
      ['exe renamed .jpg', exe],
      ['HTML renamed .jpg', new TextEncoder().encode('<!doctype html><script>alert(1)</script>')],
      [
        'SVG with a script renamed .png',
        new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      ],
      [
        'ZIP renamed .pdf',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, ...new Array(40).fill(0)]),
      ],
    ]
    for (const [label, bytes] of disguised) {
      const res = await upload(
        w.people.reporter.token,
        path,
        new Blob([bytes as Uint8Array<ArrayBuffer>]),
        `${label}.jpg`,
      )
      expect(res.status, label).toBe(415)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type')
    }
    const list = await (await get(w.people.reporter.token, path)).json()
    expect(list.attachments).toEqual([])
  })

  it('refuses an oversize upload mid-stream and leaves no partial file on disk', async () => {
    const w = await world()
    const before = await blobCount()
    let sent = 0
    const chunk = new Uint8Array(32 * 1024).fill(0x41)
    // A body far over the limit, produced lazily: the refusal must come before it is all sent.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= LIMIT * 8) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const res = await upload(
      w.people.reporter.token,
      `${w.home.coop.id}/of/case/${w.caseId}`,
      body,
      'big.txt',
    )
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    expect(sent).toBeLessThan(LIMIT * 8)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])
    expect(await blobCount()).toBe(before)
    const rows = await db().selectFrom('attachments').select('id').where('owner_id', '=', w.caseId).execute()
    expect(rows).toEqual([])
  })

  async function blobCount(): Promise<number> {
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length
  }

  it('serves every file as an attachment with nosniff; SVG never inline, even if one was stored', async () => {
    const w = await world()
    const token = w.people.reporter.token
    const id = await idOf(
      await upload(token, `${w.home.coop.id}/of/case/${w.caseId}`, new Blob([await png()]), 'leak.png'),
    )
    const plain = await get(token, `${w.home.coop.id}/${id}/download`)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-disposition')).toMatch(/^attachment; filename="leak.png"/)
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff')
    const inline = await get(token, `${w.home.coop.id}/${id}/download?inline=1`)
    expect(inline.headers.get('content-disposition')).toMatch(/^inline;/)
    expect(inline.headers.get('content-type')).toBe('image/png')

    // Defence in depth: an SVG with a script that got into storage (an older import, a bug) is
    // still never rendered in our origin.
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    )
    const sha = 'f'.repeat(64)
    await mkdir(join(suite.filesDir, 'ff', 'ff'), { recursive: true })
    await writeFile(blobPath(suite.filesDir, sha), svg)
    const file = await db()
      .insertInto('files')
      .values({
        org_id: w.home.coop.id,
        sha256: sha,
        size: svg.byteLength,
        mime: 'image/svg+xml',
        name: 'evil.svg',
        uploaded_by: w.people.reporter.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = await db()
      .insertInto('attachments')
      .values({
        org_id: w.home.coop.id,
        owner_kind: 'case',
        owner_id: w.caseId,
        board_id: null,
        file_id: file.id,
        thumb_sha256: null,
        uploaded_by: w.people.reporter.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const query of ['', '?inline=1']) {
      const res = await get(token, `${w.home.coop.id}/${row.id}/download${query}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="evil.svg"/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/)
    }
  })

  it('makes a WebP thumbnail of a JPEG and a PNG, at most 320 px, and none for a PDF or text', async () => {
    const w = await world()
    const token = w.people.reporter.token
    const path = `${w.home.coop.id}/of/case/${w.caseId}`
    for (const [name, bytes, width, height] of [
      ['photo.jpg', await jpeg(), 320, 213],
      ['drawing.png', await png(), 320, 240],
      ['tiny.png', await png(40, 30), 40, 30],
    ] as const) {
      const id = await idOf(await upload(token, path, new Blob([bytes]), name))
      const res = await get(token, `${w.home.coop.id}/${id}/thumbnail`)
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/webp')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
      expect([meta.format, meta.width, meta.height], name).toEqual(['webp', width, height])
    }
    const text = await idOf(await upload(token, path, new Blob(['Vesi tippuu kattoon.']), 'note.txt'))
    expect((await get(token, `${w.home.coop.id}/${text}/thumbnail`)).status).toBe(404)
    const list = (await (await get(token, path)).json()) as {
      attachments: Array<{ name: string; hasThumbnail: boolean; mime: string }>
    }
    expect(list.attachments.map((a) => [a.name, a.mime, a.hasThumbnail])).toEqual([
      ['photo.jpg', 'image/jpeg', true],
      ['drawing.png', 'image/png', true],
      ['tiny.png', 'image/png', true],
      ['note.txt', 'text/plain', false],
    ])
  })
})
