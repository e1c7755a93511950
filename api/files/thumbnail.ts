import { isRaster, loadSharp, MAX_INPUT_PIXELS } from '../../server/files/images.ts'
import { blobPath, storeBytes } from '../../server/files/storage.ts'

/**
 * Thumbnails of raster images with sharp (libvips): at most 320 px on the long side, WebP,
 * rotated by the EXIF orientation and with every metadata block dropped (a phone photo's GPS
 * position never reaches the thumbnail). Stored content-addressed like any blob. The original is
 * already stored clean and upright (images.ts); rotating again keeps this safe for any blob.
 */
export const THUMBNAIL_SIZE = 320

/** The thumbnail's address, or null when the image cannot be decoded (the file is kept). */
export async function makeThumbnail(filesDir: string, sha256: string, mime: string): Promise<string | null> {
  if (!isRaster(mime)) return null
  const sharp = await loadSharp()
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
    const stored = await storeBytes(filesDir, bytes, 'image/webp')
    return stored.sha256
  } catch {
    return null
  }
}
