import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { ISOLATION_EXEMPT } from './isolationExemptions.ts'

/**
 * Every endpoint the API publishes (`/api/openapi.json`, generated from the routes' validators)
 * is driven by a tenant-isolation test, or listed in `isolationExemptions.ts` with a reason. A
 * new endpoint therefore cannot go without one: this test names it.
 *
 * An isolation test is a test file under api/ or integration/ that is named for isolation or
 * asks as another organisation's user (says "another organisation", "stranger", "outsider" …)
 * and expects a 404. It drives an endpoint when it requests the endpoint's path, with any
 * `${…}` or literal in place of each parameter.
 */
const ROOT = join(import.meta.dirname, '../..')
const ISOLATION_WORDS =
  /another organisation|other organisation|another cooperative|other cooperative|stranger|outsider/i

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
}

const isolationSuites = [...sources('api'), ...sources('integration')]
  .filter((f) => /\.test\.ts$|isolation/i.test(f))
  .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
  .filter(({ file, text }) => /isolation/i.test(file) || (ISOLATION_WORDS.test(text) && text.includes('404')))

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `/orgs/{id}/members` → a request of `/api/orgs/${org}/members` (or a literal id) in a test. */
function requestOf(path: string): RegExp {
  const body = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? String.raw`(?:\$\{[^}]+\}|[\w-]+)` : escapeRe(part)))
    .join('')
  return new RegExp(`/api${body}(?:[\`'"?]|$)`, 'm')
}

describe('every published endpoint has a tenant-isolation test or a stated exemption', () => {
  let t: TestContext
  beforeAll(async () => {
    // The document does not depend on the engine: one is enough.
    t = await startTestApp('pglite')
  })
  afterAll(() => t.close())

  it('from /api/openapi.json', async () => {
    const doc = (await (await client(t.app).get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const endpoints = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path })),
    )
    expect(endpoints.length).toBeGreaterThan(150)
    expect(isolationSuites.length).toBeGreaterThan(5)

    const covered = new Set(
      endpoints
        .filter(({ path }) => isolationSuites.some((s) => requestOf(path).test(s.text)))
        .map((e) => e.key),
    )
    const unaccounted = endpoints.filter((e) => !covered.has(e.key) && !(e.key in ISOLATION_EXEMPT))
    expect(
      unaccounted.map((e) => e.key),
      'endpoints with neither an isolation test nor an exemption (api/orgs/isolationExemptions.ts)',
    ).toEqual([])

    const known = new Set(endpoints.map((e) => e.key))
    // A gap that a test now covers must leave the list; an endpoint that is not about an
    // organisation (a person's own feed token) may also appear in an isolation suite and stays.
    const stale = Object.entries(ISOLATION_EXEMPT)
      .filter(([k, reason]) => !known.has(k) || (covered.has(k) && reason.startsWith('gap:')))
      .map(([k]) => k)
    expect(stale, 'exemptions for endpoints that are gone, or gaps now covered: remove them').toEqual([])
    for (const [key, reason] of Object.entries(ISOLATION_EXEMPT))
      expect(reason.length, key).toBeGreaterThan(10)
  })
})
