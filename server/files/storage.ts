import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../schema/errors.ts'
import { ALLOWED_TYPES, type AllowedType, TEXT } from './formats.ts'
import { cleanImage, isRaster } from './images.ts'

/**
 * Content-addressed files on local disk: `<filesDir>/<sha[0:2]>/<sha[2:4]>/<sha>`. An upload is
 * streamed to a temporary file while it is hashed and measured, refused as soon as it passes the
 * limit, its type decided from its bytes (never its name or the client's header), then moved to
 * its address. The same bytes are stored once. A raster image is stored re-encoded without its
 * metadata (images.ts), so its address, size and type are those of the clean copy: every caller
 * (attachments, documents, materials) gets that without asking.
 */
const SNIFF_BYTES = 64 * 1024

export interface StoredBlob {
  sha256: string
  size: number
  mime: AllowedType
}

export const blobPath = (filesDir: string, sha256: string) =>
  join(filesDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)

export async function readBlob(filesDir: string, sha256: string): Promise<Uint8Array> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('Not a file address')
  return readFile(blobPath(filesDir, sha256))
}

export function blobStream(filesDir: string, sha256: string): ReadableStream<Uint8Array> {
  const stream = createReadStream(blobPath(filesDir, sha256))
  return new ReadableStream({
    start(controller) {
      stream.on('data', (chunk) => controller.enqueue(new Uint8Array(chunk as Buffer)))
      stream.on('end', () => controller.close())
      stream.on('error', (err) => controller.error(err))
    },
    cancel() {
      stream.destroy()
    },
  })
}

/** Plain text: valid UTF-8 without NUL bytes in what we sniffed. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      head.length === SNIFF_BYTES ? trimPartialUtf8(head) : head,
    )
    return true
  } catch {
    return false
  }
}

/** The sniffed window may end inside a multi-byte character. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  const end = bytes.length
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i] ?? 0
    if ((b & 0xc0) === 0xc0) return bytes.subarray(0, end - i)
    if ((b & 0x80) === 0) break
  }
  return bytes.subarray(0, end)
}

export async function sniffType(head: Uint8Array): Promise<AllowedType | null> {
  // Loaded at the first upload: file-type's signature tables cost every process and API test
  // file a tenth of a second at start.
  const { fileTypeFromBuffer } = await import('file-type')
  const detected = await fileTypeFromBuffer(head)
  if (detected)
    return (ALLOWED_TYPES as readonly string[]).includes(detected.mime)
      ? (detected.mime as AllowedType)
      : null
  // Markup (HTML, SVG, XML) is not on the list even though it is text: it could run in a browser.
  const start = new TextDecoder()
    .decode(head.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (start.startsWith('<')) return null
  return head.length > 0 && looksLikeText(head) ? TEXT : null
}

export async function storeUpload(
  filesDir: string,
  body: ReadableStream<Uint8Array> | null,
  /** The configured limit (`config.maxUploadBytes`, MAX_UPLOAD_MB) for every upload. */
  maxBytes: number,
): Promise<StoredBlob> {
  if (!body) throw new AppError('bad_request', 'The upload is empty.')
  await mkdir(join(filesDir, 'tmp'), { recursive: true })
  const tmp = join(filesDir, 'tmp', randomUUID())
  const handle = await open(tmp, 'wx')
  const hash = createHash('sha256')
  const head = new Uint8Array(SNIFF_BYTES)
  let headLength = 0
  let size = 0
  try {
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        throw new AppError(
          'payload_too_large',
          `Files may be at most ${Math.round(maxBytes / 1024 / 1024)} MB.`,
        )
      }
      if (headLength < SNIFF_BYTES) {
        const take = value.subarray(0, SNIFF_BYTES - headLength)
        head.set(take, headLength)
        headLength += take.byteLength
      }
      hash.update(value)
      await handle.write(value)
    }
    await handle.close()
    if (size === 0) throw new AppError('bad_request', 'The upload is empty.')
    const mime = await sniffType(head.subarray(0, headLength))
    if (!mime) {
      throw new AppError(
        'unsupported_media_type',
        'That type of file is not accepted. Upload PDF, Word (docx), Excel (xlsx), text or an image.',
      )
    }
    if (isRaster(mime)) {
      const clean = await cleanImage(tmp, mime)
      await rm(tmp, { force: true })
      return await storeBytes(filesDir, clean, mime)
    }
    const sha256 = hash.digest('hex')
    await place(filesDir, tmp, sha256)
    return { sha256, size, mime }
  } catch (err) {
    await handle.close().catch(() => {})
    await rm(tmp, { force: true })
    throw err
  }
}

/** Bytes that are already what should be stored (a thumbnail, a cleaned image), at their address. */
export async function storeBytes(
  filesDir: string,
  bytes: Uint8Array,
  mime: AllowedType,
): Promise<StoredBlob> {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await mkdir(join(filesDir, 'tmp'), { recursive: true })
  const tmp = join(filesDir, 'tmp', randomUUID())
  try {
    await writeFile(tmp, bytes, { flag: 'wx' })
    await place(filesDir, tmp, sha256)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  return { sha256, size: bytes.byteLength, mime }
}

/**
 * Moves a finished temporary file to its address, also when the same bytes are already there:
 * the rename gives the blob a fresh modification time, and the orphan sweep (sweep.ts) spares
 * every blob younger than its grace period. So an old unreferenced blob that is uploaded again
 * is not swept between this store and the insert of the row that will reference it.
 */
async function place(filesDir: string, tmp: string, sha256: string): Promise<void> {
  await mkdir(join(filesDir, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true })
  await rename(tmp, blobPath(filesDir, sha256))
}
