import type { Context } from 'hono'
import { INLINE_TYPES } from '../../server/files/formats.ts'
import { blobStream } from '../../server/files/storage.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * A stored file as a response. Always `nosniff`; an attachment unless the caller asked to view
 * it inline and it is a raster image or a PDF (never SVG, never HTML: those are not accepted).
 * Inline files get a sandboxing CSP so a PDF cannot run script in our origin.
 */
export function fileResponse(
  c: Context<AppEnv>,
  file: { sha256: string; size: string | number; mime: string; name: string },
  wantInline: boolean,
): Response {
  const inline = wantInline && INLINE_TYPES.includes(file.mime)
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const headers = new Headers({
    'Content-Type': file.mime,
    'Content-Length': String(file.size),
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
  })
  return new Response(blobStream(c.get('deps').config.filesDir, file.sha256), { status: 200, headers })
}
