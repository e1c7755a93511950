/**
 * The benchmark's servers, each in a child process of its own (`bench/collab/serveChild.ts`), so
 * the server and the clients do not share an event loop: (a) a plain `ws` broadcast, (b) stock
 * Hocuspocus with no extensions, (c) ours (attachCollab with every guarantee) on PGlite in memory
 * or on Postgres with DATABASE_URL.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server as HocuspocusServer } from '@hocuspocus/server'
import { WebSocketServer } from 'ws'
import { attachCollab } from '../../collab-server/attach.ts'
import { loadConfig } from '../../schema/config.ts'
import { docName } from '../../schema/docs/names.ts'
import { connectDatabase } from '../../server/db/connect.ts'
import { createOrg, member } from '../../server/test/factories.ts'

export type Kind = 'ws' | 'stock' | 'ours'
/** Users of the fixture organisation (writers take turns among them). */
export const USERS = 20

export interface ServerStats {
  rss: number
  heapUsed: number
  cpuMicros: number
}

type Call =
  | { cmd: 'fixture' }
  | { cmd: 'doc'; orgId: string }
  | { cmd: 'stats' }
  | { cmd: 'cpu' }
  | { cmd: 'settle' }
  | { cmd: 'exit' }
type Request = Call & { id: number }

export async function serve(kind: Kind): Promise<void> {
  let port: number
  let fixture: (() => Promise<{ orgId: string; users: Array<{ id: string; cookie: string }> }>) | undefined
  /** Documents still loaded (stored and unloaded once their last client has gone). */
  let loaded: (() => number) | undefined
  let flush = () => {}
  let newDoc: (orgId: string) => Promise<string> = async () =>
    docName('thread', crypto.randomUUID(), crypto.randomUUID())

  if (kind === 'ws') {
    const http = createServer()
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false })
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => {
        for (const other of wss.clients) if (other !== ws) other.send(data, { binary: isBinary })
      })
    })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    port = (http.address() as AddressInfo).port
  } else if (kind === 'stock') {
    const server = new HocuspocusServer({ port: 0, address: '127.0.0.1', quiet: true })
    await server.listen()
    loaded = () => server.hocuspocus.getDocumentsCount()
    port = server.address.port
  } else {
    const { db } = await connectDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' })
    const config = loadConfig({
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'error',
      // The two-instance case: both children on one Postgres, relaying through Redis.
      ...(process.argv[3] === 'redis' ? { REDIS_URL: process.env.REDIS_URL } : {}),
    })
    const http = createServer()
    const collab = attachCollab(http, { db, config })
    loaded = () => collab.hocuspocus.getDocumentsCount()
    flush = () => collab.hocuspocus.flushPendingStores()
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    port = (http.address() as AddressInfo).port
    fixture = async () => {
      const org = await createOrg(db)
      const users = []
      for (let i = 0; i < USERS; i++) {
        const m = await member(db, org.id, 'resident')
        users.push({ id: m.id, cookie: m.token })
      }
      return { orgId: org.id, users }
    }
    newDoc = async (orgId) => {
      const thread = await db
        .insertInto('threads')
        .values({ org_id: orgId, title: 'bench', audience: 'members', created_by: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      return docName('thread', orgId, thread.id)
    }
  }

  process.on('message', async (req: Request) => {
    let result: unknown
    if (req.cmd === 'fixture') {
      result = fixture
        ? await fixture()
        : {
            orgId: '',
            users: Array.from({ length: USERS }, () => ({ id: crypto.randomUUID(), cookie: '' })),
          }
    } else if (req.cmd === 'exit') {
      // A clean exit writes the --cpu-prof profile.
      process.exit(0)
    } else if (req.cmd === 'doc') {
      result = await newDoc(req.orgId)
    } else if (req.cmd === 'settle') {
      // The previous case's documents stored (compaction and projection done) and unloaded, so
      // that work is not counted in the next case's window (at most 60 s).
      const deadline = Date.now() + 60_000
      while ((loaded?.() ?? 0) > 0 && Date.now() < deadline) {
        flush()
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      result = loaded?.() ?? 0
    } else if (req.cmd === 'cpu') {
      // CPU only, no collection first (stats' forced GCs would be counted in a window).
      const cpu = process.cpuUsage()
      result = cpu.user + cpu.system
    } else {
      for (let i = 0; i < 3; i++) globalThis.gc?.()
      const cpu = process.cpuUsage()
      const mem = process.memoryUsage()
      result = {
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        cpuMicros: cpu.user + cpu.system,
      } satisfies ServerStats
    }
    process.send!({ id: req.id, result })
  })
  process.send!({ port })
}

export interface Remote {
  url: string
  call<T>(req: Call): Promise<T>
  kill(): void
}

export async function spawnServer(kind: Kind, redis = false): Promise<Remote> {
  const child: ChildProcess = fork(
    new URL('./serveChild.ts', import.meta.url).pathname,
    [kind, redis ? 'redis' : ''],
    {
      execArgv: [
        '--expose-gc',
        // BENCH_NODE_FLAGS: V8/Node flags for the servers, e.g. a GC setting to compare.
        ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  const pending = new Map<number, (value: unknown) => void>()
  let nextId = 1
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (msg: { port?: number; id?: number; result?: unknown }) => {
      if (msg.port) resolve(msg.port)
      else if (msg.id) pending.get(msg.id)?.(msg.result)
    })
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)))
  })
  return {
    url: kind === 'ours' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`,
    call: <T>(req: Call) =>
      new Promise<T>((resolve) => {
        const id = nextId++
        pending.set(id, resolve as (value: unknown) => void)
        child.send({ ...req, id })
      }),
    kill: () => {
      if (process.env.BENCH_PROFILE) child.send({ id: 0, cmd: 'exit' })
      else child.kill('SIGKILL')
    },
  }
}
