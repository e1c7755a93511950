import sharp from 'sharp'
import { blobPath, storeUpload } from './storage.ts'

/**
 * Thumbnails of raster images with sharp (libvips): at most 320 px on the long side, WebP,
 * rotated by the EXIF orientation and with every metadata block dropped (a phone photo's GPS
 * position never reaches the thumbnail). Stored content-addressed like any blob.
 */
export const THUMBNAIL_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']
export const THUMBNAIL_SIZE = 320
/** A decompression bomb (a tiny file declaring a huge canvas) is refused before decoding. */
const MAX_INPUT_PIXELS = 40_000_000

// One process shares two cores with everything else: no libvips operation cache, few threads.
sharp.cache(false)
sharp.concurrency(1)

/** The thumbnail's address, or null when the image cannot be decoded (the file is kept). */
export async function makeThumbnail(filesDir: string, sha256: string, mime: string): Promise<string | null> {
  if (!THUMBNAIL_TYPES.includes(mime)) return null
  try {
    const bytes = await sharp(blobPath(filesDir, sha256), {
      limitInputPixels: MAX_INPUT_PIXELS,
      failOn: 'error',
      animated: false,
    })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer()
    const stored = await storeUpload(filesDir, new Blob([new Uint8Array(bytes)]).stream(), bytes.byteLength)
    return stored.sha256
  } catch {
    return null
  }
}
