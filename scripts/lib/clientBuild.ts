import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const BUILT = 'dist/client/index.html'
const SOURCES = ['client', 'schema', 'vite.config.ts', 'package-lock.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Builds the client when the build is missing or older than any of its sources. */
export function ensureClientBuilt(): void {
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0
  const sources = Math.max(...SOURCES.map(newestMtime))
  if (built > sources) return
  console.log(
    built
      ? '[kotipiha] client sources changed; rebuilding…'
      : '[kotipiha] building the client (first start)…',
  )
  const result = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  )
  if (result.status !== 0) {
    console.error('[kotipiha] the client build failed; see above.')
    process.exit(1)
  }
}
