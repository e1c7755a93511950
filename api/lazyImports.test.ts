import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

/**
 * Importing the API loads none of the heavy libraries: they are imported where they are first
 * used (a PDF, an image, an article, a chart, an SMTP flush, an upload's type, a JSON import).
 * Every process and every API test file imports the API; with them it cost about 1.6 CPU s more
 * per import on the loaded 2-core machine (3.97 → 2.34 s, median of 5). A static import of one of
 * them anywhere under `api/app.ts` brings the cost back and fails here.
 */
const HEAVY = [
  'pdfkit',
  'svg-to-pdfkit',
  'sharp',
  '@observablehq/plot',
  'linkedom',
  'markdown-it',
  'sanitize-html',
  'nodemailer',
  'file-type',
  'stream-json',
]

/** The packages a fresh Node process resolves while importing `api/app.ts` (Node's own TS support). */
function packagesImportedBy(root: string, entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module'
    const seen = new Set()
    registerHooks({
      resolve(specifier, context, next) {
        const r = next(specifier, context)
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url)
        if (m) seen.add(m[1])
        return r
      },
    })
    await import(${JSON.stringify(`${root}/${entry}`)})
    console.log(JSON.stringify([...seen]))`
  const out = execFileSync(`${root}/node_modules/.bin/node`, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[]
}

it('importing the API loads no heavy library', () => {
  const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
  const loaded = packagesImportedBy(root, 'api/app.ts')
  expect(loaded).toContain('hono')
  expect(loaded.filter((p) => HEAVY.includes(p))).toEqual([])
})
