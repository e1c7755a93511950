/**
 * npm run bench:collab: fan-out of one document to N clients, ack latency and memory per idle
 * connection, for (a) a plain `ws` broadcast server, (b) stock Hocuspocus with no extensions and
 * (c) ours (attachCollab: auth, guard, durable group-committed log, limits, presence) on PGlite in
 * memory or on Postgres with DATABASE_URL. Prints a table; not a timed test.
 *
 * Each server runs in its own child process (bench/collab/servers.ts), so the server
 * and the clients do not share an event loop. Clients are raw websockets speaking Hocuspocus's
 * framing (a provider per receiver would measure the clients' Yjs, not the server). Every server
 * gets the same frames: Yjs updates that post a 100-character thread message.
 */
import { cpus, loadavg } from 'node:os'
import { type Client, closeAll, connectMany } from './collab/clients.ts'
import { messageUpdates, updateFrame } from './collab/frames.ts'
import { type Kind, type Remote, type ServerStats, spawnServer } from './collab/servers.ts'
import { waitFor } from './lib/wait.ts'

const KINDS: Kind[] = process.env.BENCH_KINDS
  ? (process.env.BENCH_KINDS.split(',') as Kind[])
  : ['ws', 'stock', 'ours']
const LABEL: Record<Kind, string> = {
  ws: 'plain ws broadcast',
  stock: 'stock Hocuspocus',
  ours: 'ours (all guarantees)',
}

/** Writers × messages per writer for each N. Under 300 messages per writer: our rate-limit burst. */
/** `--short` (or BENCH_SHORT=1): every case, smaller, the whole run in under 3 minutes. */
const SHORT = process.argv.includes('--short') || process.env.BENCH_SHORT === '1'
const FANOUT: Array<{ n: number; writers: number; perWriter: number }> = process.env.BENCH_QUICK
  ? [{ n: 10, writers: 2, perWriter: 10 }]
  : SHORT
    ? [
        { n: 10, writers: 10, perWriter: 100 },
        { n: 100, writers: 4, perWriter: 100 },
        { n: 1000, writers: 1, perWriter: 50 },
      ]
    : [
        { n: 10, writers: 20, perWriter: 250 },
        { n: 100, writers: 8, perWriter: 250 },
        { n: 1000, writers: 1, perWriter: 200 },
      ]
/**
 * `BENCH_CASES=fanout100,ack` runs only the named cases (fanout10, fanout100, fanout1000, ack,
 * many, idle, scale): for profiling one case. The default runs all of them.
 */
const CASES = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(',')) : undefined
const runs = (name: string) => !CASES || CASES.has(name)
const ACK_WRITERS = 100
/** The second ack case: 1,000 writers over 100 documents (10 on each). */
const MANY_WRITERS = 1000
const MANY_DOCS = 100
const ACK_SECONDS = SHORT ? 2 : 4
const IDLE_CONNECTIONS = SHORT ? 300 : 1000
const MAX_LOAD = 2
const TARGET = { fanout: 0.9, ackP99: 15, manyAckP99: 30, twoInstances: 1.6 }

// ---------------------------------------------------------------- measurements

interface Fanout {
  n: number
  messages: number
  deliveries: number
  perSecond: number
  cpuMicrosPerDelivery: number
}

/**
 * Waits until the servers have stored and unloaded the previous case's documents. Without it the
 * N = 10 case's compaction (5,000 messages projected) ran inside the N = 100 case's window and
 * was counted as its CPU. BENCH_SETTLE=0 leaves it out, as before session 15.
 */
async function settle(...servers: Array<Remote | undefined>): Promise<void> {
  if (process.env.BENCH_SETTLE === '0') return
  for (const s of servers) if (s) await s.call<number>({ cmd: 'settle' })
}

async function fanout(
  server: Remote,
  kind: Kind,
  fx: { orgId: string; users: Array<{ id: string; cookie: string }> },
  n: number,
  writerCount: number,
  perWriter: number,
  /** The two-instance case: half the receivers on this second instance (Redis relays). */
  second?: Remote,
): Promise<Fanout> {
  await settle(server, second)
  const doc = await server.call<string>({ cmd: 'doc', orgId: fx.orgId })
  const cookies = fx.users.map((u) => u.cookie)
  const hp = kind !== 'ws'
  const onFirst = second ? Math.ceil(n / 2) : n
  const receivers = await connectMany(onFirst, server.url, doc, cookies, hp)
  if (second) receivers.push(...(await connectMany(n - onFirst, second.url, doc, cookies, hp)))
  const writers = await connectMany(writerCount, server.url, doc, cookies, hp)
  const sets = writers.map((_, i) => messageUpdates(fx.users[i % fx.users.length]!.id, perWriter))
  const frames = sets.map((set) => set.updates.map((u) => updateFrame(doc, u)))
  const received = (r: Client) => sets.every((set) => (r.clocks.get(set.clientId) ?? 0) >= set.finalClock)
  const messages = writerCount * perWriter
  const cpu = async () =>
    (await server.call<ServerStats>({ cmd: 'stats' })).cpuMicros +
    (second ? (await second.call<ServerStats>({ cmd: 'stats' })).cpuMicros : 0)
  const before = await cpu()
  const started = performance.now()
  writers.forEach((w, i) => {
    for (const f of frames[i]!) w.ws.send(f)
  })
  await waitFor(() => receivers.every(received), 120_000).catch((error) => {
    const done = receivers.filter(received).length
    throw new Error(`${kind} N=${n}: ${done} of ${n} receivers got every message`, { cause: error })
  })
  const seconds = (performance.now() - started) / 1000
  const after = await cpu()
  closeAll([...receivers, ...writers])
  const deliveries = messages * n
  return {
    n,
    messages,
    deliveries,
    perSecond: deliveries / seconds,
    cpuMicrosPerDelivery: (after - before) / deliveries,
  }
}

/**
 * `writerCount` writers spread over `docCount` documents, each sending an update every 100–300 ms
 * and timing its ack.
 */
async function ackLatency(
  server: Remote,
  fx: { orgId: string; users: Array<{ id: string; cookie: string }> },
  writerCount = ACK_WRITERS,
  docCount = 1,
): Promise<Ack> {
  await settle(server)
  const docs: string[] = []
  for (let d = 0; d < docCount; d++) docs.push(await server.call<string>({ cmd: 'doc', orgId: fx.orgId }))
  const perDoc = Math.ceil(writerCount / docCount)
  // Each writer posts as the user it connected as: connectMany hands out the cookies from the
  // first user again for every document, so the author is that index, not the writer's overall one.
  const writers: Array<{ client: Client; doc: string; authorId: string }> = []
  for (const doc of docs) {
    const clients = await connectMany(
      perDoc,
      server.url,
      doc,
      fx.users.map((u) => u.cookie),
      true,
    )
    for (const [j, client] of clients.entries())
      writers.push({ client, doc, authorId: fx.users[j % fx.users.length]!.id })
  }
  const samples: number[] = []
  const cpuBefore = await server.call<number>({ cmd: 'cpu' })
  const stopAt = performance.now() + ACK_SECONDS * 1000
  await Promise.all(
    writers.map(async ({ client: w, doc, authorId }) => {
      const frames = messageUpdates(authorId, 60).updates.map((u) => updateFrame(doc, u))
      for (const frame of frames) {
        if (performance.now() > stopAt) break
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
        const sent = performance.now()
        await new Promise<void>((resolve) => {
          w.onFrame = (kind) => {
            if (kind === 'ack') resolve()
          }
          w.ws.send(frame)
        })
        samples.push(performance.now() - sent)
      }
    }),
  )
  const cpuAfter = await server.call<number>({ cmd: 'cpu' })
  closeAll(writers.map((w) => w.client))
  samples.sort((a, b) => a - b)
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!
  return {
    p50: at(0.5),
    p99: at(0.99),
    samples: samples.length,
    cpuMicrosPerAck: (cpuAfter - cpuBefore) / samples.length,
  }
}

async function idleMemory(
  server: Remote,
  kind: Kind,
  fx: { orgId: string; users: Array<{ id: string; cookie: string }> },
) {
  const doc = await server.call<string>({ cmd: 'doc', orgId: fx.orgId })
  // One connection first, so the document itself is not counted.
  const first = await connectMany(1, server.url, doc, [fx.users[0]!.cookie], kind !== 'ws')
  await new Promise((r) => setTimeout(r, 200))
  const before = await server.call<ServerStats>({ cmd: 'stats' })
  const idle = await connectMany(
    IDLE_CONNECTIONS,
    server.url,
    doc,
    fx.users.map((u) => u.cookie),
    kind !== 'ws',
  )
  await new Promise((r) => setTimeout(r, 500))
  const after = await server.call<ServerStats>({ cmd: 'stats' })
  closeAll([...first, ...idle])
  return {
    heapKB: (after.heapUsed - before.heapUsed) / IDLE_CONNECTIONS / 1024,
    rssKB: (after.rss - before.rss) / IDLE_CONNECTIONS / 1024,
  }
}

// ---------------------------------------------------------------- driver

type Fx = { orgId: string; users: Array<{ id: string; cookie: string }> }
/** Ack latency, and the server process's CPU per acknowledged update (broadcasts included). */
type Ack = { p50: number; p99: number; samples: number; cpuMicrosPerAck: number }

/** N = 1000 on one instance and on two (500 + 500) behind Redis, one Postgres (same run). */
async function scaleOut(): Promise<{ one: Fanout; two: Fanout } | string> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) return 'skipped (needs DATABASE_URL and REDIS_URL)'
  const { writers, perWriter } = FANOUT.at(-1)!
  const a = await spawnServer('ours', true)
  const b = await spawnServer('ours', true)
  try {
    const fx = await a.call<Fx>({ cmd: 'fixture' })
    const one = await fanout(a, 'ours', fx, 1000, writers, perWriter)
    const two = await fanout(a, 'ours', fx, 1000, writers, perWriter, b)
    return { one, two }
  } finally {
    a.kill()
    b.kill()
  }
}

async function main(): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'Postgres' : 'PGlite (memory)'
  const loadStart = loadavg()[0]!
  console.log(
    `bench:collab${SHORT ? ' --short' : ''} — node ${process.version}, ${cpus().length} CPUs, load average ${loadStart.toFixed(2)} at start; ` +
      `ours on ${engine}; each server in its own process\n`,
  )
  const results = new Map<
    Kind,
    { fanout: Fanout[]; ack?: Ack; many?: Ack; idle: { heapKB: number; rssKB: number } }
  >()
  for (const kind of KINDS) {
    const server = await spawnServer(kind)
    try {
      const fx = await server.call<Fx>({ cmd: 'fixture' })
      const rows: Fanout[] = []
      for (const { n, writers, perWriter } of FANOUT) {
        if (!runs(`fanout${n}`)) continue
        rows.push(await fanout(server, kind, fx, n, writers, perWriter))
        console.log(`  ${LABEL[kind]}: N=${n} ${Math.round(rows.at(-1)!.perSecond)} deliveries/s`)
      }
      const ack = kind === 'ws' || !runs('ack') ? undefined : await ackLatency(server, fx)
      const many =
        kind === 'ws' || !runs('many') ? undefined : await ackLatency(server, fx, MANY_WRITERS, MANY_DOCS)
      if (ack || many)
        console.log(
          `  ${LABEL[kind]}: ack p99 ${ack?.p99.toFixed(1) ?? '–'} ms / ${many?.p99.toFixed(1) ?? '–'} ms`,
        )
      const idle = runs('idle')
        ? await idleMemory(server, kind, fx)
        : { heapKB: Number.NaN, rssKB: Number.NaN }
      results.set(kind, { fanout: rows, ack, many, idle })
    } finally {
      server.kill()
    }
  }
  const scale =
    KINDS.includes('ours') && !process.env.BENCH_QUICK && runs('scale') ? await scaleOut() : 'not run'

  const fmt = (x: number, digits = 0) =>
    x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
  const base = results.get('ws')
  const stock = results.get('stock')
  const lines: string[] = []
  lines.push(
    '| server | N | messages | deliveries/s | × plain ws | × stock Hocuspocus | server CPU µs/delivery |',
  )
  lines.push('|---|---:|---:|---:|---:|---:|---:|')
  for (const kind of KINDS) {
    for (const [i, row] of results.get(kind)!.fanout.entries()) {
      const vs = (r?: { fanout: Fanout[] }) => (r ? fmt(row.perSecond / r.fanout[i]!.perSecond, 2) : '–')
      lines.push(
        `| ${LABEL[kind]} | ${row.n} | ${row.messages} | ${fmt(row.perSecond)} | ${vs(base)} | ${vs(stock)} | ${fmt(row.cpuMicrosPerDelivery, 2)} |`,
      )
    }
  }
  lines.push('')
  lines.push(
    `| server | ack p50 / p99 ms, ${ACK_WRITERS} writers on one doc | ack p50 / p99 ms, ${MANY_WRITERS} writers over ${MANY_DOCS} docs | heap KB / idle conn | RSS KB / idle conn |`,
  )
  lines.push('|---|---:|---:|---:|---:|')
  const ackCell = (a?: Ack) =>
    a ? `${fmt(a.p50, 1)} / ${fmt(a.p99, 1)} (${a.samples}; ${fmt(a.cpuMicrosPerAck)} µs CPU/ack)` : '–'
  for (const kind of KINDS) {
    const r = results.get(kind)!
    lines.push(
      `| ${LABEL[kind]} | ${ackCell(r.ack)} | ${ackCell(r.many)} | ${fmt(r.idle.heapKB, 1)} | ${fmt(r.idle.rssKB, 1)} |`,
    )
  }
  lines.push('')
  if (typeof scale === 'string') lines.push(`Two instances behind Redis: ${scale}.`)
  else {
    lines.push('| ours on Postgres + Redis, N = 1000 | deliveries/s | × one instance |')
    lines.push('|---|---:|---:|')
    lines.push(`| one instance | ${fmt(scale.one.perSecond)} | 1.00 |`)
    lines.push(
      `| two instances (500 + 500) | ${fmt(scale.two.perSecond)} | ${fmt(scale.two.perSecond / scale.one.perSecond, 2)} |`,
    )
  }
  console.log(`\n${lines.join('\n')}`)
  console.log('\ny-websocket server: not measured (@y/websocket-server is not installed).')

  const loadEnd = loadavg()[0]!
  console.log(`\nload average: ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end`)
  const ours = results.get('ours')
  if (!ours || !stock) return
  const checks: Array<[string, boolean]> = [
    ...ours.fanout.map((row, i): [string, boolean] => [
      `fan-out N=${row.n} ≥ ${TARGET.fanout}× stock`,
      row.perSecond / stock.fanout[i]!.perSecond >= TARGET.fanout,
    ]),
    [`ack p99 ≤ ${TARGET.ackP99} ms (${ACK_WRITERS} writers)`, (ours.ack?.p99 ?? Infinity) <= TARGET.ackP99],
    [
      `ack p99 ≤ ${TARGET.manyAckP99} ms (${MANY_WRITERS} writers / ${MANY_DOCS} docs)`,
      (ours.many?.p99 ?? Infinity) <= TARGET.manyAckP99,
    ],
    ...(typeof scale === 'string'
      ? []
      : [
          [
            `two instances ≥ ${TARGET.twoInstances}× one`,
            scale.two.perSecond / scale.one.perSecond >= TARGET.twoInstances,
          ] as [string, boolean],
        ]),
  ]
  if (Math.max(loadStart, loadEnd) > MAX_LOAD) {
    console.log(
      `NO VERDICT: load average above ${MAX_LOAD} (the machine was busy with other work); the figures above are marked "under load".`,
    )
    for (const [what, met] of checks)
      console.log(`  (under load) ${what}: ${met ? 'would pass' : 'would fail'}`)
  } else {
    for (const [what, met] of checks) console.log(`  ${what}: ${met ? 'MET' : 'MISSED'}`)
  }
}

await main()
