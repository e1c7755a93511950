import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startHttpServer } from '../api/httpServer.ts'
import { loadConfig } from '../schema/config.ts'

/**
 * Issue 12 item 11: the app keeps its embedded database in DATA_DIR/pglite, but collab, indexer,
 * reindex, files:sweep and rebuild:projections opened DATA_DIR itself, silently creating an empty
 * cluster there; files:sweep then found every stored file unreferenced. Each command runs here as
 * the user runs it (`npm run …`, the project's node, a child process) on one DATA_DIR with the
 * demo seeded.
 */
const ROOT = resolve(import.meta.dirname, '..')
const DAY = 24 * 3_600_000

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** The environment of a user on the embedded defaults: no Postgres, Redis or Meilisearch. */
function envFor(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'FILES_DIR', 'DEMO'])
    delete env[key]
  return env
}

const children = new Set<ChildProcess>()
/** npm and the node it starts are one process group: a signal to the group reaches both. */
const signal = (child: ChildProcess, name: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, name)
  } catch {}
}
afterAll(() => {
  for (const child of children) signal(child, 'SIGKILL')
})

/**
 * `npm run <script> -- <args>`; resolves when it exits, or when `until` matches its output (then
 * it is stopped with SIGTERM and waited for, as a user's Ctrl-C).
 */
function npmRun(script: string, args: string[], dataDir: string, until?: RegExp): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      cwd: ROOT,
      env: envFor(dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    let stopping = false
    const check = () => {
      if (until && !stopping && until.test(stdout + stderr)) {
        stopping = true
        signal(child, 'SIGTERM')
      }
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      check()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      check()
    })
    child.on('error', fail)
    child.on('close', (code) => {
      children.delete(child)
      const ran = { code: stopping ? 0 : code, stdout, stderr }
      // npm exits at the signal while the script's own process still closes its database: the
      // next command would find the database in use (a clean-clone run did). Stopped by us, it is
      // done once its process is gone from the pid file.
      if (stopping) void goneFrom(dataDir, stdout + stderr).then(() => done(ran), fail)
      else done(ran)
    })
  })
}

/** Waits until the process that held DATA_DIR's database has let it go (at most 30 s). */
async function goneFrom(dataDir: string, output: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const held = await stat(join(dataDir, 'pglite.pid')).then(
      () => true,
      () => false,
    )
    if (!held) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the stopped process still holds ${dataDir} after 30 s:\n${output}`)
}

/**
 * Every command but seed:demo at once (each refuses before opening anything, so they do not wait
 * for one another); one that starts serving is stopped and counts as not refused (exit 0).
 */
async function runEveryCommand(dataDir: string): Promise<Array<[string, Ran]>> {
  const scripts = ['files:sweep', 'reindex', 'rebuild:projections', 'start:indexer', 'start:collab']
  return Promise.all(
    scripts.map(
      async (script): Promise<[string, Ran]> => [
        script,
        await npmRun(script, script === 'files:sweep' ? ['--dry-run'] : [], dataDir, /listening|consuming/),
      ],
    ),
  )
}

async function blobsUnder(filesDir: string): Promise<string[]> {
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

describe('scripts and processes on the embedded database (PGlite under DATA_DIR)', () => {
  let dataDir = ''
  let emptyDir = ''
  let blobs: string[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kp-entry-'))
    emptyDir = await mkdtemp(join(tmpdir(), 'kp-entry-empty-'))
    const seeded = await npmRun('seed:demo', [], dataDir)
    expect(seeded.stderr).toBe('')
    expect(seeded.stdout).toMatch(/Seeded the demo/)
    // Age every stored file past the sweep's grace period: only a reference keeps it now.
    blobs = await blobsUnder(join(dataDir, 'files'))
    const old = new Date(Date.now() - 3 * DAY)
    for (const blob of blobs) await utimes(blob, old, old)
  }, 180_000)
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
    await rm(emptyDir, { recursive: true, force: true })
  })

  it('files:sweep finds every demo file referenced, and removes none of them', async () => {
    expect(blobs.length).toBeGreaterThanOrEqual(5)
    const dry = await npmRun('files:sweep', ['--dry-run'], dataDir)
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(
      `${blobs.length} blobs, ${blobs.length} older than 24 h, 0 unreferenced would be removed`,
    )
    const real = await npmRun('files:sweep', [], dataDir)
    expect(real.code).toBe(0)
    expect(real.stdout).toContain('0 unreferenced removed')
    expect(await blobsUnder(join(dataDir, 'files'))).toEqual(blobs)
    // No second database beside the app's.
    await expect(stat(join(dataDir, 'PG_VERSION'))).rejects.toThrow()
  }, 120_000)

  it('reindex and rebuild:projections work on the demo data', async () => {
    const reindexed = await npmRun('reindex', [], dataDir)
    expect(reindexed.code).toBe(0)
    const indexed = Number(/(\d+) records indexed/.exec(reindexed.stdout)?.[1] ?? 0)
    expect(indexed).toBeGreaterThan(10)
    const rebuilt = await npmRun('rebuild:projections', [], dataDir)
    expect(rebuilt.code).toBe(0)
    const documents = Number(/: (\d+) documents/.exec(rebuilt.stdout)?.[1] ?? 0)
    expect(documents).toBeGreaterThan(0)
    expect(rebuilt.stdout).toMatch(/ 0 failed/)
  }, 120_000)

  it('the indexer and the collab server alone open the same database', async () => {
    // One after the other: PGlite is one process's at a time.
    const indexer = await npmRun('start:indexer', [], dataDir, /indexer\.consuming/)
    expect(indexer.stdout).toMatch(/indexer\.consuming/)
    const collab = await npmRun('start:collab', [], dataDir, /collab\.listening/)
    expect(collab.stdout + collab.stderr).toMatch(/collab\.listening/)
    await expect(stat(join(dataDir, 'pglite.pid'))).rejects.toThrow()
    await expect(stat(join(dataDir, 'PG_VERSION'))).rejects.toThrow()
  }, 120_000)

  it('a second Ctrl-C while a process closes does not kill it halfway (its database is let go cleanly)', async () => {
    // `npm run` forwards a signal to its child and a signal to the group reaches the child too:
    // two SIGTERMs. Sent here straight to the node process of each entry point.
    for (const script of ['scripts/start-indexer.ts', 'scripts/start-collab.ts']) {
      const child = spawn(process.execPath, [script], {
        cwd: ROOT,
        env: envFor(dataDir),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.add(child)
      let output = ''
      child.stdout.on('data', (c: Buffer) => {
        output += c.toString()
      })
      child.stderr.on('data', (c: Buffer) => {
        output += c.toString()
      })
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
        child.on('close', (code, signal) => done({ code, signal })),
      )
      const deadline = Date.now() + 60_000
      while (!/consuming|listening/.test(output) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect(output, script).toMatch(/consuming|listening/)
      // The second a moment later, while the first one's close runs (as npm's forwarded one comes).
      child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 150))
      child.kill('SIGTERM')
      expect(await exited, `${script}\n${output}`).toEqual({ code: 0, signal: null })
      children.delete(child)
      await expect(stat(join(dataDir, 'pglite.pid')), script).rejects.toThrow()
    }
  }, 150_000)

  it('refuses a DATA_DIR without a database instead of creating an empty one', async () => {
    for (const [script, ran] of await runEveryCommand(emptyDir)) {
      expect(ran.code, script).toBe(1)
      expect(ran.stderr, script).toMatch(/There is no Kotipiha database in .*pglite/)
      expect(ran.stderr, script).toMatch(/DATABASE_URL/)
      expect(await readdir(emptyDir), script).toEqual([])
    }
  }, 180_000)

  it('refuses to open the database while the app holds it, and opens it once the app has stopped', async () => {
    let app: RunningServer | undefined = await startHttpServer(
      loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }),
      { serveClient: false },
    )
    try {
      for (const [script, ran] of await runEveryCommand(dataDir)) {
        expect(ran.code, script).toBe(1)
        expect(ran.stderr, script).toMatch(/in use by the Kotipiha app \(process \d+/)
        expect(ran.stderr, script).toMatch(
          /stop the app first.*or run Kotipiha on Postgres \(DATABASE_URL\)/s,
        )
      }
      await app.close()
      app = undefined
      const after = await npmRun('files:sweep', ['--dry-run'], dataDir)
      expect(after.code).toBe(0)
      expect(after.stdout).toContain('0 unreferenced would be removed')
    } finally {
      await app?.close()
    }
  }, 180_000)

  it('takes over a pid file left by a process that is gone', async () => {
    // A crashed app leaves its pid file behind; a pid that is not running holds nothing.
    const gone = spawn(process.execPath, ['-e', ''])
    const pid = gone.pid ?? 0
    await new Promise((ok) => gone.on('close', ok))
    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      join(dataDir, 'pglite.pid'),
      JSON.stringify({ pid, purpose: 'the Kotipiha app', since: new Date().toISOString() }),
    )
    const ran = await npmRun('files:sweep', ['--dry-run'], dataDir)
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    await expect(stat(join(dataDir, 'pglite.pid'))).rejects.toThrow()
  }, 60_000)
})
