/**
 * Moves what two or more server processes share into `server/` (issue 13), so that `api/`,
 * `collab-server/` and `indexer/` import only `server/` and `schema/`, never each other
 * (the rule: scripts/codemod/importRules.ts, tested by scripts/importRules.test.ts).
 *
 * Declarative: MOVES below maps an old file or folder (ending in '/') to its new place. For each
 * file it does `git mv`, then rewrites every relative module specifier in every source file
 * (.ts/.tsx/.js/.mjs, the vite and vitest configs included) by resolving it to the old path and
 * mapping that to the new one, and replaces repository paths of moved files in package.json,
 * Markdown and comments ("api/db/connect.ts" → "server/db/connect.ts"). It prints every move and
 * rewrite, then the forbidden imports that remain (those are fixed by hand, in separate commits).
 *
 * Idempotent: a moved file no longer exists at its old path, so a second run finds nothing to do.
 * A specifier that still names an old path (code written against the old layout after the move)
 * is pointed at the new place on any run.
 *
 * Re-run on a newer main:
 *   git switch -c <branch> main
 *   git checkout <this branch> -- scripts/codemod scripts/importRules.test.ts tsconfig.json vitest.config.ts
 *   git commit -m 'import rule test and move-core codemod'   # or cherry-pick commit 1
 *   node scripts/codemod/move-core.ts                        # the project's Node 24 (npx node …)
 *   npm run typecheck && npx biome check --write .           # biome only re-sorts the imports
 *   git add -A && git commit -m 'move-core: result of scripts/codemod/move-core.ts'
 *   git cherry-pick <the hand-fix commits after the codemod commit>   # resolve small conflicts
 *   npm run typecheck && npx biome check --write . && npx vitest run --project server scripts/importRules.test.ts
 * If a new file appeared on main that imports across processes, the last step lists it: add a
 * line to MOVES (when the file is shared) and run again, or fix the import by hand.
 * `--dry-run` prints the plan and changes nothing.
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, posix, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forbiddenEdges, formatEdge } from './importRules.ts'
import { findSpecifiers, isRelative } from './specifiers.ts'

/** Old path (a file, or a folder ending in '/') → new path. A file entry wins over its folder's. */
export const MOVES: ReadonlyArray<readonly [string, string]> = [
  // db: connection (postgres.js or PGlite), JSON helpers, error codes
  ['api/db/', 'server/db/'],
  // auth: sessions, passwords, the short-lived collab tokens
  ['api/auth/sessions.ts', 'server/auth/sessions.ts'],
  ['api/auth/passwords.ts', 'server/auth/passwords.ts'],
  ['api/collab/tokens.ts', 'server/auth/collabTokens.ts'],
  // access: the principal and the loaders that feed can()
  ['api/auth/principal.ts', 'server/access/principal.ts'],
  ['api/cases/facts.ts', 'server/access/caseFacts.ts'],
  ['api/cases/threadAccess.ts', 'server/access/threadAccess.ts'],
  ['api/documents/repository.ts', 'server/access/folders.ts'],
  ['api/cases/assignable.ts', 'server/access/assignable.ts'],
  // the one origin rule: the HTTP CSRF guard and the collab websocket's auth
  ['api/http/origin.ts', 'server/http/origin.ts'],
  // mail, files, text formats, markdown
  ['api/mail/mailer.ts', 'server/mail/mailer.ts'],
  ['api/files/storage.ts', 'server/files/storage.ts'],
  ['api/files/images.ts', 'server/files/images.ts'],
  ['indexer/extract/formats.ts', 'server/files/formats.ts'],
  ['api/kb/markdown.ts', 'server/kb/markdown.ts'],
  // search engines (the API queries them, the indexer feeds them) and the outbox
  ['indexer/search/', 'server/search/'],
  ['indexer/adapter.ts', 'server/search/adapter.ts'],
  ['indexer/outbox.ts', 'server/outbox/outbox.ts'],
  ['collab-server/notifications/topic.ts', 'server/outbox/notifyTopic.ts'],
  // stored documents: load/compact, the update log, server-side writes, projections, thread archive
  ['collab-server/store/documents.ts', 'server/docstore/documents.ts'],
  ['collab-server/store/updateLog.ts', 'server/docstore/updateLog.ts'],
  ['collab-server/store/docSize.ts', 'server/docstore/docSize.ts'],
  ['collab-server/store/pausePoints.ts', 'server/docstore/pausePoints.ts'],
  ['collab-server/extensions/serverWrites.ts', 'server/docstore/serverWrites.ts'],
  ['api/boards/docWriter.ts', 'server/docstore/docWriter.ts'],
  ['collab-server/projections/', 'server/projections/'],
  // …but their rebuild test runs a collab server, so it stays with collab-server/
  ['collab-server/projections/rebuild.test.ts', 'collab-server/rebuildProjections.test.ts'],
  ['collab-server/store/threadArchive.ts', 'server/threads/archive.ts'],
  ['api/cases/threadArchive.ts', 'server/threads/archiveReader.ts'],
  // bus and logger
  ['collab-server/bus.ts', 'server/bus/bus.ts'],
  ['api/http/accessBus.ts', 'server/bus/accessBus.ts'],
  ['api/bookings/calendarBus.ts', 'server/bus/calendarBus.ts'],
  ['collab-server/log.ts', 'server/log.ts'],
  // live calendars: rebuilt from the bookings table by the API (after a commit) and collab (on a bus message)
  ['api/bookings/calendarPublisher.ts', 'server/calendar/publisher.ts'],
  ['api/bookings/repository.ts', 'server/bookings/repository.ts'],
  ['api/bookings/time.ts', 'server/bookings/time.ts'],
  // test factories every process's tests use
  ['api/test/factories.ts', 'server/test/factories.ts'],
  // entry points and the demo seed compose the processes: scripts/
  ['api/server.ts', 'api/httpServer.ts'],
  ['api/main.ts', 'scripts/start-api.ts'],
  ['collab-server/main.ts', 'scripts/start-collab.ts'],
  ['indexer/main.ts', 'scripts/start-indexer.ts'],
  ['indexer/reindex-cli.ts', 'scripts/reindex.ts'],
  ['api/seed/', 'scripts/seed/'],
  // tests that run two processes together (API + collab, API + indexer, client + collab)
  ['collab-server/bookingNotifications.test.ts', 'integration/bookingNotifications.test.ts'],
  ['collab-server/calendar.test.ts', 'integration/calendar.test.ts'],
  ['collab-server/calendarBus.test.ts', 'integration/calendarBus.test.ts'],
  ['collab-server/scaleout.test.ts', 'integration/scaleout.test.ts'],
  ['collab-server/clientDocs.test.ts', 'integration/clientDocs.test.ts'],
  ['collab-server/cases.test.ts', 'integration/caseDocs.test.ts'],
  ['collab-server/inbox.test.ts', 'integration/inbox.test.ts'],
  ['indexer/test/world.ts', 'integration/search/world.ts'],
  ['indexer/indexer.test.ts', 'integration/search/indexer.test.ts'],
  ['api/search/advanced.test.ts', 'integration/search/advanced.test.ts'],
  ['api/search/bookings.test.ts', 'integration/search/bookings.test.ts'],
  ['api/search/casesTasks.test.ts', 'integration/search/casesTasks.test.ts'],
  ['api/search/search.test.ts', 'integration/search/search.test.ts'],
  ['api/kb/search.test.ts', 'integration/search/kb.test.ts'],
  ['api/documents/documents.test.ts', 'integration/documents.test.ts'],
  ['api/http/origin.test.ts', 'integration/origin.test.ts'],
  // (on main after 4706a03) starts the entry points and the API's HTTP server
  ['api/db/entryPoints.test.ts', 'integration/entryPoints.test.ts'],
  ['collab-server/caseRecord.test.ts', 'integration/caseRecord.test.ts'],
  ['collab-server/caseRemoval.test.ts', 'integration/caseRemoval.test.ts'],
  ['collab-server/documentSize.test.ts', 'integration/documentSize.test.ts'],
  ['collab-server/messageIds.test.ts', 'integration/messageIds.test.ts'],
  // the thread reader pages like the client's window does; the tests using it follow
  ['collab-server/test/threadReader.ts', 'integration/threadReader.ts'],
  ['collab-server/durability.test.ts', 'integration/durability.test.ts'],
  ['collab-server/threadOrder.test.ts', 'integration/threadOrder.test.ts'],
  ['collab-server/archiveCrash.test.ts', 'integration/archiveCrash.test.ts'],
]

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DRY = process.argv.includes('--dry-run')
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/
const TEXT = /(\.md$|^package\.json$|\.(ts|tsx|mts|cts|js|mjs)$)/
/** This codemod names old paths on purpose; never rewrite it or the rule's own test. */
const KEEP = (f: string) => f.startsWith('scripts/codemod/') || f === 'scripts/importRules.test.ts'

const toPosix = (p: string) => p.split(sep).join('/')

/** Where `path` (repository-relative) lives after the moves; itself when no rule names it. */
export function mapPath(path: string): string {
  let best: readonly [string, string] | undefined
  for (const rule of MOVES) {
    const [from] = rule
    const hit = from.endsWith('/') ? path.startsWith(from) : path === from
    if (hit && (!best || from.length > best[0].length)) best = rule
  }
  if (!best) return path
  return best[0].endsWith('/') ? best[1] + path.slice(best[0].length) : best[1]
}

function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  return out
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile())
    .sort()
}

function relativeSpecifier(fromFile: string, target: string): string {
  const spec = posix.relative(posix.dirname(fromFile), target)
  return spec.startsWith('.') ? spec : `./${spec}`
}

/** Rewrites the relative specifiers of `file` (old path) as it will read at `newFile`. */
function rewriteSpecifiers(file: string, newFile: string, text: string, log: string[]): string {
  const specs = findSpecifiers(text).filter((s) => isRelative(s.value))
  let out = text
  // From the end, so earlier offsets stay valid.
  for (const s of [...specs].reverse()) {
    const [bare, suffix = ''] = s.value.split(/(?=[?#])/)
    const target = posix.normalize(posix.join(posix.dirname(file), bare as string))
    const newTarget = mapPath(target)
    if (newFile === file && newTarget === target) continue
    const next = relativeSpecifier(newFile, newTarget) + suffix
    if (next === s.value) continue
    out = out.slice(0, s.start) + next + out.slice(s.end)
    log.push(`  ${newFile}:${s.line} '${s.value}' → '${next}'`)
  }
  return out
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Replaces repository paths of moved files and folders in prose, package.json scripts and comments. */
function rewritePaths(
  file: string,
  text: string,
  moved: ReadonlyArray<readonly [string, string]>,
  log: string[],
) {
  let out = text
  for (const [from, to] of moved) {
    // Not part of a longer path: "api/db/connect.ts" but not "../../api/db/connect.ts" (a
    // specifier, handled above) nor "xapi/db/connect.ts".
    const re = new RegExp(`(?<![\\w./-])${escapeRegExp(from)}(?![\\w-])`, 'g')
    out = out.replace(re, () => {
      log.push(`  ${file}: ${from} → ${to}`)
      return to
    })
  }
  return out
}

function main() {
  const files = repoFiles()
  const moves = files.map((f) => [f, mapPath(f)] as const).filter(([f, to]) => f !== to)
  const clashes = moves.filter(([, to]) => existsSync(join(ROOT, to)))
  if (clashes.length > 0) {
    for (const [f, to] of clashes) console.error(`refusing: ${f} → ${to}, which already exists`)
    process.exit(1)
  }
  const movedFiles = new Map(moves)
  // Paths named in prose: every moved file, and each folder rule that moved something.
  const prose: Array<readonly [string, string]> = [...moves]
  for (const [from, to] of MOVES) {
    if (from.endsWith('/') && moves.some(([f]) => f.startsWith(from))) prose.push([from, to])
  }
  prose.sort((a, b) => b[0].length - a[0].length)

  const log: string[] = []
  const writes = new Map<string, string>()
  for (const file of files) {
    if (!TEXT.test(file) && !TEXT.test(posix.basename(file))) continue
    const newFile = movedFiles.get(file) ?? file
    const before = readFileSync(join(ROOT, file), 'utf8')
    let text = before
    if (SOURCE.test(file)) text = rewriteSpecifiers(file, newFile, text, log)
    if (!KEEP(file) && prose.length > 0) text = rewritePaths(newFile, text, prose, log)
    if (text !== before || newFile !== file) writes.set(newFile, text)
  }

  for (const [from, to] of moves) console.log(`move ${from} → ${to}`)
  for (const line of log) console.log(line)
  if (DRY) {
    console.log(`dry run: ${moves.length} moves, ${log.length} rewrites`)
    return
  }
  const tracked = new Set(
    execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean),
  )
  for (const [from, to] of moves) {
    mkdirSync(dirname(join(ROOT, to)), { recursive: true })
    if (tracked.has(from)) execFileSync('git', ['mv', from, to], { cwd: ROOT })
    else renameSync(join(ROOT, from), join(ROOT, to))
  }
  for (const [file, text] of writes) {
    if (!existsSync(join(ROOT, file)) || readFileSync(join(ROOT, file), 'utf8') !== text)
      writeFileSync(join(ROOT, file), text)
  }
  removeEmptyDirs(ROOT, moves)
  console.log(`${moves.length} files moved, ${log.length} specifiers and paths rewritten`)

  const edges = forbiddenEdges(ROOT)
  console.log(
    edges.length === 0
      ? 'import rule: no forbidden imports'
      : `import rule: ${edges.length} forbidden imports left (fix by hand):\n${edges.map(formatEdge).join('\n')}`,
  )
}

/** Folders a move emptied (git does not keep empty folders; the working tree should not either). */
function removeEmptyDirs(root: string, moves: ReadonlyArray<readonly [string, string]>) {
  const dirs = new Set(moves.map(([from]) => dirname(from)))
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    let d = dir
    while (d && d !== '.') {
      const abs = join(root, d)
      if (!existsSync(abs) || readdirSync(abs).length > 0) break
      execFileSync('rmdir', [abs])
      d = toPosix(dirname(d))
    }
  }
}

main()
