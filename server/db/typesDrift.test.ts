import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'

/**
 * `schema/db/types.ts` is written by hand (its column types say what Kysely accepts on insert
 * and returns on select: `CreatedAt`, jsonb written as text, bigint read as a string), which
 * `kysely-codegen` cannot express, so the generated file does not replace it. Instead this test
 * runs `kysely-codegen` against the migrated Postgres and fails on drift in what both can say:
 * the tables, their columns, and which columns are nullable.
 */
type Shape = Map<string, Map<string, boolean>>

/** `export interface X { col: type }` blocks, merged by name (the hand file reopens interfaces). */
function interfaces(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  for (const m of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = out.get(m[1] as string) ?? new Map<string, string>()
    for (const f of (m[2] as string).matchAll(/^ {2}(?:readonly )?"?(\w+)"?\??: (.+?);?$/gm))
      fields.set(f[1] as string, f[2] as string)
    out.set(m[1] as string, fields)
  }
  return out
}

function shapeOf(text: string, root: string): Shape {
  const all = interfaces(text)
  const shape: Shape = new Map()
  for (const [table, iface] of all.get(root) ?? []) {
    const columns = new Map<string, boolean>()
    for (const [column, type] of all.get(iface) ?? []) columns.set(column, /\|\s*null\b/.test(type))
    shape.set(table, columns)
  }
  return shape
}

const flat = (s: Shape) =>
  [...s]
    .flatMap(([t, cols]) => [...cols].map(([c, nullable]) => `${t}.${c}${nullable ? ' (null)' : ''}`))
    .sort()

describe.skipIf(!process.env.DATABASE_URL)('schema/db/types.ts against kysely-codegen', () => {
  let dir: string
  beforeAll(async () => {
    // Migrates the run's Postgres (the first file to connect does it).
    const t = await connectTestDatabase('postgres')
    await t.close()
    dir = mkdtempSync(join(tmpdir(), 'kp-codegen-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('has the tables, columns and nullability the migrations made', async () => {
    const out = join(dir, 'generated.ts')
    await promisify(execFile)(
      join(import.meta.dirname, '../../node_modules/.bin/kysely-codegen'),
      ['--dialect', 'postgres', '--url', process.env.DATABASE_URL as string, '--out-file', out],
      { timeout: 120_000 },
    )
    const generated = shapeOf(readFileSync(out, 'utf8'), 'DB')
    for (const internal of ['kysely_migration', 'kysely_migration_lock']) generated.delete(internal)
    const hand = shapeOf(
      readFileSync(join(import.meta.dirname, '../../schema/db/types.ts'), 'utf8'),
      'Database',
    )
    expect(generated.size).toBeGreaterThan(50)
    expect(flat(hand)).toEqual(flat(generated))
  })
})
