import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { type Config, databaseTarget } from '../../schema/config.ts'
import { type Connected, connectDatabase } from './connect.ts'

/**
 * Opens the configured database for one process: the entry points (app, collab, indexer, scripts)
 * all come through here, so none can open another directory than the app's by mistake.
 *
 * PGlite is one process's database: a second process opening the same directory corrupts it, and
 * opening a directory with no database silently creates an empty one (a sweep against it would
 * find every stored file unreferenced). So the embedded database is held with a pid file next to
 * it for as long as it is open, and only the app may create it.
 */
export class DatabaseUnavailable extends Error {}

export interface OpenOptions {
  /** Who opens it, named in the message another process gets ("the app", "files:sweep"). */
  purpose: string
  /** Create the embedded database when there is none (the app and seed:demo only). */
  create?: boolean
  migrate?: boolean
}

interface Holder {
  pid: number
  purpose: string
  since: string
}

/** Pid files this process holds: the same pid in a stale file is an earlier life (a container's pid 1). */
const heldHere = new Set<string>()

export function embeddedLockFile(dir: string): string {
  return `${dir.replace(/\/+$/, '')}.pid`
}

export async function openDatabase(config: Config, opts: OpenOptions): Promise<Connected> {
  const target = databaseTarget(config)
  if (target.engine === 'postgres') {
    return connectDatabase({ databaseUrl: target.url, migrate: opts.migrate })
  }
  // Before anything is written: a command pointed at the wrong DATA_DIR leaves it as it was.
  if (!opts.create && !existsSync(join(target.dir, 'PG_VERSION'))) {
    throw noDatabase(config, target.dir, opts.purpose)
  }
  const lockFile = embeddedLockFile(target.dir)
  mkdirSync(dirname(lockFile), { recursive: true })
  acquire(lockFile, target.dir, opts.purpose)
  try {
    const connected = await connectDatabase({ dataDir: target.dir, migrate: opts.migrate })
    return {
      ...connected,
      close: async () => {
        try {
          await connected.close()
        } finally {
          release(lockFile)
        }
      },
    }
  } catch (error) {
    release(lockFile)
    throw error
  }
}

function noDatabase(config: Config, dir: string, purpose: string): DatabaseUnavailable {
  return new DatabaseUnavailable(
    `There is no Kotipiha database in ${dir} (DATA_DIR=${config.dataDir}), and ${purpose} does not ` +
      'create one. Check DATA_DIR (the app keeps its database in DATA_DIR/pglite), start the app once ' +
      'with `npm start` to create it, or set DATABASE_URL to use Postgres. Nothing was created.',
  )
}

function acquire(lockFile: string, dir: string, purpose: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(lockFile, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(lockFile) ?? justCreated(lockFile)
      if (holder && isAlive(holder.pid, lockFile)) {
        throw new DatabaseUnavailable(
          `The embedded database in ${dir} is in use by ${holder.purpose} (process ${holder.pid}, since ${holder.since}). ` +
            `PGlite serves one process at a time, so ${purpose} cannot open it now: stop the app first ` +
            '(and run this again), or run Kotipiha on Postgres (DATABASE_URL), where scripts may run beside it.',
        )
      }
      // Left by a process that is gone (a crash, a kill): take it over.
      try {
        unlinkSync(lockFile)
      } catch {}
      continue
    }
    const holder: Holder = { pid: process.pid, purpose, since: new Date().toISOString() }
    writeSync(fd, `${JSON.stringify(holder)}\n`)
    closeSync(fd)
    heldHere.add(lockFile)
    process.once('exit', () => release(lockFile))
    return
  }
  throw new DatabaseUnavailable(`Could not take the lock ${lockFile} for ${purpose}; try again.`)
}

function readHolder(lockFile: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<Holder>
    if (typeof parsed.pid !== 'number') return undefined
    return {
      pid: parsed.pid,
      purpose: String(parsed.purpose ?? 'another process'),
      since: String(parsed.since ?? '?'),
    }
  } catch {
    return undefined
  }
}

/** A pid file another process has created but not written yet is held, not stale. */
function justCreated(lockFile: string): Holder | undefined {
  try {
    const { mtimeMs } = statSync(lockFile)
    if (Date.now() - mtimeMs < 10_000) return { pid: -1, purpose: 'another process', since: 'just now' }
  } catch {}
  return undefined
}

function isAlive(pid: number, lockFile: string): boolean {
  if (pid === -1) return true
  if (pid === process.pid) return heldHere.has(lockFile)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function release(lockFile: string): void {
  if (!heldHere.delete(lockFile)) return
  try {
    if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile)
  } catch {}
}
