import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { findSpecifiers, isRelative } from './specifiers.ts'

/**
 * The import rule of the house (docs/ARCHITECTURE.md, "Folders"): each process folder imports
 * the shared core and the contracts, never another process. Folders not named here (scripts/,
 * bench/, e2e/, integration/) compose the others and may import anything.
 */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  schema: ['schema'],
  server: ['server', 'schema'],
  api: ['api', 'server', 'schema'],
  'collab-server': ['collab-server', 'server', 'schema'],
  indexer: ['indexer', 'server', 'schema'],
  client: ['client', 'schema'],
}

export interface ForbiddenEdge {
  /** Importing file, relative to the repository root, with the line of the specifier. */
  file: string
  line: number
  specifier: string
  /** The imported file, relative to the repository root. */
  target: string
  from: string
  to: string
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/
const SKIP = new Set(['node_modules', 'dist', 'data', '.git'])

export function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      if (SKIP.has(e.name)) continue
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else if (SOURCE.test(e.name)) out.push(relative(root, path).split(sep).join('/'))
    }
  }
  walk(join(root, folder))
  return out.sort()
}

const topFolder = (path: string) => path.split('/')[0] as string

/** The forbidden edges of one file, given its path (relative to root) and its text. */
export function forbiddenEdgesOf(file: string, text: string): ForbiddenEdge[] {
  const from = topFolder(file)
  const allowed = ALLOWED[from]
  if (!allowed) return []
  const out: ForbiddenEdge[] = []
  for (const s of findSpecifiers(text)) {
    if (!isRelative(s.value)) continue
    const target = join(dirname(file), s.value).split(sep).join('/')
    const to = target.startsWith('..') ? '(outside the repository)' : topFolder(target)
    if (!allowed.includes(to)) out.push({ file, line: s.line, specifier: s.value, target, from, to })
  }
  return out
}

/** Every forbidden edge in the repository at root. */
export function forbiddenEdges(root: string): ForbiddenEdge[] {
  const abs = resolve(root)
  return Object.keys(ALLOWED).flatMap((folder) =>
    sourceFiles(abs, folder).flatMap((file) => forbiddenEdgesOf(file, readFileSync(join(abs, file), 'utf8'))),
  )
}

export const formatEdge = (e: ForbiddenEdge) =>
  `${e.file}:${e.line} imports '${e.specifier}' (${e.target}): ${e.from} → ${e.to}`
