import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { blobPath } from '../../server/files/storage.ts'
import { managerFolder, reportedCase, useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Raster images are stored without their metadata, whoever uploads them (attachments, documents):
 * the EXIF block with a GPS position, XMP, and bytes hidden after the image's end marker are gone
 * from the stored file and from every other file on disk; the EXIF orientation is applied to the
 * pixels; the address, size and type recorded are those of the clean copy.
 */
const MARKER = 'LeakCam'
const TRAILER = 'GPS 60.1699N 24.9384E home of A 1'
const EXIF = {
  IFD0: { Make: MARKER, Model: `${MARKER} 2` },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '60/1 10/1 1176/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '24/1 56/1 1824/100',
  },
}
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  `<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="${MARKER}"/></rdf:RDF></x:xmpmeta>`

/** 1200×800, green with a red square in the top-left corner; EXIF (GPS), XMP, orientation 6. */
async function gpsPhoto(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const red = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#f00' } })
    .png()
    .toBuffer()
  const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#0a0' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .toFormat(format)
    .withExif(EXIF)
    .withXmp(XMP)
    .withMetadata({ orientation: 6 })
    .toBuffer()
  // Data after the end of the image, as some phones append: the decoder ignores it, so must we.
  return Buffer.concat([image, Buffer.from(TRAILER)])
}

const pixel = async (bytes: Buffer, x: number, y: number) => {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * info.channels
  return [data[i], data[i + 1], data[i + 2]]
}
/** A copy as a request body (a Buffer may view a shared pool). */
const body = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)])

const isRed = ([r, g, b]: (number | undefined)[]) => (r ?? 0) > 200 && (g ?? 255) < 60 && (b ?? 255) < 60

describe.each(ENGINES)('image metadata on %s', (engine) => {
  const suite = useFilesApp(engine, 'metadata')
  const db = () => suite.db()
  const post = (token: string, path: string, body: BodyInit) => suite.upload(token, path, body)
  const download = async (token: string, path: string) => {
    const res = await client(suite.app, token).get(path)
    expect(res.status).toBe(200)
    return { res, bytes: Buffer.from(await res.arrayBuffer()) }
  }

  async function world() {
    const c = await reportedCase(db(), suite.app, {
      title: 'Vuoto keittiössä',
      description: 'Kuva liitteenä.',
      category: 'water_damage',
    })
    const { manager, folderId } = await managerFolder(db(), suite.app, c.org, 'Valokuvat')
    return { org: c.org, token: c.reporter.token, caseId: c.caseId, manager, folderId }
  }

  const attach = async (w: Awaited<ReturnType<typeof world>>, bytes: Buffer, name: string) => {
    const res = await post(w.token, `/api/attachments/${w.org}/of/case/${w.caseId}?name=${name}`, body(bytes))
    expect(res.status, name).toBe(201)
    return ((await res.json()) as { attachment: { id: string; size: number; mime: string } }).attachment
  }

  /** Every file under the files directory, as bytes. */
  async function everyStoredFile(): Promise<Buffer[]> {
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true })
    return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name))))
  }

  it('stores an attached phone photo without EXIF, GPS, XMP or trailing bytes, turned upright', async () => {
    const w = await world()
    const photo = await gpsPhoto('jpeg')
    const before = await sharp(photo).metadata()
    expect([before.exif?.includes(MARKER), before.xmp !== undefined, before.orientation]).toEqual([
      true,
      true,
      6,
    ])
    expect([before.width, before.height]).toEqual([1200, 800])

    const attachment = await attach(w, photo, 'vuoto.jpg')
    const { res, bytes } = await download(w.token, `/api/attachments/${w.org}/${attachment.id}/download`)
    const after = await sharp(bytes).metadata()
    expect(after.format).toBe('jpeg')
    expect([after.exif, after.xmp, after.icc, after.iptc, after.orientation]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    // Orientation 6 is "turn 90° clockwise": the red top-left corner is now top-right.
    expect([after.width, after.height]).toEqual([800, 1200])
    expect(isRed(await pixel(bytes, 799 - 20, 20))).toBe(true)
    expect(isRed(await pixel(bytes, 20, 20))).toBe(false)
    expect(bytes.includes(TRAILER)).toBe(false)

    // What is recorded is the clean copy: its size, its type, its hash as the address.
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect([attachment.mime, attachment.size]).toEqual(['image/jpeg', bytes.byteLength])
    const file = await db()
      .selectFrom('attachments as a')
      .innerJoin('files as f', 'f.id', 'a.file_id')
      .select(['f.sha256', 'f.size'])
      .where('a.id', '=', attachment.id)
      .executeTakeFirstOrThrow()
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(Number(file.size)).toBe(bytes.byteLength)
    expect((await readFile(blobPath(suite.filesDir, file.sha256))).equals(bytes)).toBe(true)

    // Nothing on disk (original, thumbnail, temporary file) still carries the metadata.
    const stored = await everyStoredFile()
    expect(stored.length).toBeGreaterThanOrEqual(2)
    for (const f of stored) {
      expect(f.includes(MARKER)).toBe(false)
      expect(f.includes(TRAILER)).toBe(false)
    }
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])

    // The same photo again is the same clean bytes: one address.
    const again = await attach(w, photo, 'vuoto-2.jpg')
    const second = await download(w.token, `/api/attachments/${w.org}/${again.id}/download`)
    expect(second.bytes.equals(bytes)).toBe(true)
  })

  it('strips PNG and WebP too, keeping their format', async () => {
    const w = await world()
    for (const format of ['png', 'webp'] as const) {
      const photo = await gpsPhoto(format)
      expect((await sharp(photo).metadata()).exif?.includes(MARKER), format).toBe(true)
      const attachment = await attach(w, photo, `kuva.${format}`)
      expect(attachment.mime).toBe(`image/${format}`)
      const { bytes } = await download(w.token, `/api/attachments/${w.org}/${attachment.id}/download`)
      const after = await sharp(bytes).metadata()
      expect([after.format, after.exif, after.xmp, after.width, after.height], format).toEqual([
        format,
        undefined,
        undefined,
        800,
        1200,
      ])
      expect(bytes.includes(MARKER) || bytes.includes(TRAILER), format).toBe(false)
    }
  })

  it('keeps every frame of an animated GIF', async () => {
    const w = await world()
    const frame = (c: string) =>
      sharp({ create: { width: 40, height: 30, channels: 4, background: c } })
        .png()
        .toBuffer()
    const gif = await sharp([await frame('#f00'), await frame('#0f0'), await frame('#00f')], {
      join: { animated: true },
    })
      .gif()
      .toBuffer()
    const attachment = await attach(w, Buffer.concat([gif, Buffer.from(TRAILER)]), 'anim.gif')
    const { bytes } = await download(w.token, `/api/attachments/${w.org}/${attachment.id}/download`)
    const after = await sharp(bytes).metadata()
    expect([after.format, after.pages, after.width]).toEqual(['gif', 3, 40])
    expect(bytes.includes(TRAILER)).toBe(false)
  })

  it('strips a photo uploaded as a document and as a new version', async () => {
    const w = await world()
    const photo = await gpsPhoto('jpeg')
    const res = await post(
      w.manager.token,
      `/api/documents/${w.org}/folders/${w.folderId}/documents?name=julkisivu.jpg`,
      body(photo),
    )
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; size: number; mime: string }
    const v2 = await post(
      w.manager.token,
      `/api/documents/${w.org}/documents/${created.id}/versions?name=julkisivu-2.jpg`,
      body(await gpsPhoto('webp')),
    )
    expect(v2.status).toBe(201)
    for (const [version, format] of [
      [1, 'jpeg'],
      [2, 'webp'],
    ] as const) {
      const { bytes } = await download(
        w.manager.token,
        `/api/documents/${w.org}/documents/${created.id}/versions/${version}/download`,
      )
      const after = await sharp(bytes).metadata()
      expect([after.format, after.exif, after.xmp, after.orientation, after.width]).toEqual([
        format,
        undefined,
        undefined,
        undefined,
        800,
      ])
      if (version === 1) expect([created.mime, created.size]).toEqual(['image/jpeg', bytes.byteLength])
    }
  })

  it('refuses an image over 40 megapixels and an undecodable one, storing nothing', async () => {
    const w = await world()
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer()
    const noisy = await sharp({
      create: {
        width: 600,
        height: 400,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .withExif(EXIF)
      .toBuffer()
    // A photo cut off half-way: the header (and its EXIF with the GPS position) is all there.
    const truncated = noisy.subarray(0, Math.floor(noisy.byteLength / 2))
    const filesBefore = (await everyStoredFile()).length
    for (const [name, bytes, status, code] of [
      ['huge.png', huge, 413, 'payload_too_large'],
      ['cut.jpg', truncated, 415, 'unsupported_media_type'],
    ] as const) {
      const res = await post(
        w.token,
        `/api/attachments/${w.org}/of/case/${w.caseId}?name=${name}`,
        body(bytes),
      )
      expect(res.status, name).toBe(status)
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe(code)
    }
    expect((await everyStoredFile()).length).toBe(filesBefore)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])
    const list = (await (
      await client(suite.app, w.token).get(`/api/attachments/${w.org}/of/case/${w.caseId}`)
    ).json()) as { attachments: unknown[] }
    expect(list.attachments).toEqual([])
  })
})
