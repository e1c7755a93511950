import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { forbiddenEdges, forbiddenEdgesOf, formatEdge } from './codemod/importRules.ts'
import { findSpecifiers } from './codemod/specifiers.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

describe('import rule: processes import server/ and schema/, never each other', () => {
  it('holds across the repository', () => {
    const edges = forbiddenEdges(ROOT).map(formatEdge)
    // The whole list in the failure message: file, line, specifier and the edge it breaks.
    expect(edges, `${edges.length} forbidden imports:\n${edges.join('\n')}`).toEqual([])
  })

  it('catches each form of forbidden import', () => {
    const src = [
      "import { a } from '../api/app.ts'",
      "import type { B } from '../indexer/indexer.ts'",
      "export { c } from '../api/db/connect.ts'",
      "export * from '../client/src/api.ts'",
      "import '../api/side.ts'",
      "const m = await import('../indexer/reindex.ts')",
      "const w = new URL('../api/worker.ts', import.meta.url)",
      "import { ok } from '../server/db/connect.ts'",
      "import { fine } from '../schema/config.ts'",
      "import { own } from './store/documents.ts'",
      "import { pkg } from 'yjs'",
    ].join('\n')
    const edges = forbiddenEdgesOf('collab-server/x.ts', src)
    expect(edges.map((e) => [e.line, e.to])).toEqual([
      [1, 'api'],
      [2, 'indexer'],
      [3, 'api'],
      [4, 'client'],
      [5, 'api'],
      [6, 'indexer'],
      [7, 'api'],
    ])
  })

  it('applies to every restricted folder', () => {
    expect(forbiddenEdgesOf('schema/x.ts', "import { x } from '../server/db/connect.ts'")).toHaveLength(1)
    expect(forbiddenEdgesOf('server/db/x.ts', "import { x } from '../../api/app.ts'")).toHaveLength(1)
    expect(forbiddenEdgesOf('client/src/x.ts', "import { x } from '../../server/log.ts'")).toHaveLength(1)
    expect(forbiddenEdgesOf('indexer/x.ts', "import { x } from '../collab-server/bus.ts'")).toHaveLength(1)
    expect(forbiddenEdgesOf('api/x.ts', "import { x } from '../collab-server/bus.ts'")).toHaveLength(1)
    // Composition roots may import anything.
    expect(forbiddenEdgesOf('scripts/x.ts', "import { x } from '../api/app.ts'")).toEqual([])
  })

  it('ignores comments and strings that only look like imports', () => {
    const src = [
      "// import { a } from '../api/app.ts'",
      "/* export * from '../api/app.ts' */",
      'const s = \'import x from "../api/app.ts"\'',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text under test holds a template
      'const t = `from ${"../api/app.ts"}`',
      "const re = /from '..\\/api'/",
      "import { real } from './real.ts'",
    ].join('\n')
    expect(findSpecifiers(src).map((s) => s.value)).toEqual(['./real.ts'])
  })
})
