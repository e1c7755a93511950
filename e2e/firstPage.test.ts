import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/**
 * The script a signed-in page needs before its first render (issue 20): what index.html loads
 * and preloads, under 100 KB brotli, in few files. A phone on HTTP/1.1 fetches six files at a
 * time, one round trip per batch: the automatic chunking made 43 of them (117.6 KB brotli, Yjs
 * and the websocket provider among them), and Lighthouse's simulated phone waited on that chain.
 * The e2e run's global setup builds the client first.
 */
const DIST = 'dist/client'
const BUDGET_BYTES = 100 * 1024
const MAX_FILES = 4

function brotliSize(path: string): number {
  const compressed = `${path}.br`
  // Files under 1 KB have no brotli copy (vite.config.ts): compress them here to count them.
  return existsSync(compressed)
    ? readFileSync(compressed).byteLength
    : brotliCompressSync(readFileSync(path)).byteLength
}

describe('the first page script', () => {
  it(`is under ${BUDGET_BYTES / 1024} KB brotli in at most ${MAX_FILES} files`, () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8')
    const scripts = [
      ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
    ].map((m) => m[1] as string)
    expect(scripts.length).toBeGreaterThan(0)
    const bytes = scripts.reduce((sum, file) => sum + brotliSize(join(DIST, file)), 0)
    expect(bytes, `${scripts.length} files: ${scripts.join(', ')}`).toBeLessThan(BUDGET_BYTES)
    expect(scripts.length, scripts.join(', ')).toBeLessThanOrEqual(MAX_FILES)
  })
})
