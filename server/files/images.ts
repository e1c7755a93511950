import { AppError } from '../../schema/errors.ts'

/**
 * Raster images as stored: every accepted PNG, JPEG, GIF and WebP is decoded and encoded again
 * before it gets an address, so no metadata block (EXIF with a phone's GPS position, XMP, IPTC,
 * ICC, PNG text chunks, JPEG comments, data after the end marker) survives: a resident's photo of
 * a leak must not tell every reader of the case where their home is. Re-encoding, not deleting
 * known blocks, because only what the encoder writes is known to be clean.
 */
export const RASTER_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']

/** A decompression bomb (a tiny file declaring a huge canvas) is refused before decoding. */
export const MAX_INPUT_PIXELS = 40_000_000

type Sharp = typeof import('sharp').default
let loading: Promise<Sharp> | undefined

/**
 * sharp (libvips), loaded at the first image instead of with every process and test file that
 * imports the API. One process shares two cores with everything else: no libvips operation
 * cache, few threads.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false)
    sharp.concurrency(1)
    return sharp
  })
  return loading
}

export const isRaster = (mime: string) => RASTER_TYPES.includes(mime)

/**
 * The image at `path` without metadata, in its own format. EXIF orientation is applied to the
 * pixels first (the tag that said how to turn the photo goes with the rest). Animated GIF and
 * WebP keep every frame; libvips cannot rotate those, so their orientation tag (which no camera
 * writes on an animation) is dropped unapplied. Quality: JPEG 90 without mozjpeg (several times
 * faster on a phone photo, a few per cent larger), WebP 90, PNG and GIF lossless.
 */
export async function cleanImage(path: string, mime: string): Promise<Buffer> {
  const sharp = await loadSharp()
  const open = (animated: boolean) =>
    sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated })
  try {
    const { pages = 1 } = await open(false).metadata()
    const animated = pages > 1
    const image = animated ? open(true) : open(false).rotate()
    switch (mime) {
      case 'image/jpeg':
        return await image.jpeg({ quality: 90, mozjpeg: false }).toBuffer()
      case 'image/png':
        return await image.png().toBuffer()
      case 'image/webp':
        return await image.webp({ quality: 90 }).toBuffer()
      case 'image/gif':
        return await image.gif().toBuffer()
      default:
        throw new Error(`not a raster type: ${mime}`)
    }
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new AppError(
        'payload_too_large',
        `Images may be at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels. Make the image smaller.`,
      )
    }
    // Undecodable bytes that look like an image are refused: storing them as they came would
    // keep whatever metadata they carry.
    throw new AppError(
      'unsupported_media_type',
      'That image could not be read; it may be damaged. Save it again or send it as a PDF.',
    )
  }
}
