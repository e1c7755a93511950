/**
 * bench:busy's writers, two kinds behind one interface (`BUSY_WRITERS`):
 * - `raw` (default): rawWriter.ts clients in `processes` child processes (writerChild.ts), which
 *   cost the bench little per message, so what is offered is what was asked for;
 * - `provider`: real `@hocuspocus/provider` clients in the bench's own process, as the bench ran
 *   before (each applies every broadcast: 2.2–3.8 ms of CPU per acknowledged message at 50
 *   writers, so that process offers only part of the rate asked for).
 * Every writer posts at a paced `rate` with a random phase; a message's ack latency runs from its
 * send to its acknowledgement (acks come back in order per connection). Times are epoch ms, so
 * figures from several processes compare.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { openClient, type TestClient } from '../../collab-server/test/harness.ts'
import { postMessage } from '../../schema/docs/thread.ts'
import { waitFor } from '../lib/wait.ts'
import type { RawWriterStats } from './rawWriter.ts'

export type WriterKind = 'raw' | 'provider'

export interface WriterSpec {
  url: string
  name: string
  writers: Array<{ id: string; token: string }>
  rate: number
  /** Child processes for raw writers. */
  processes: number
  /** Raw writers' processes write `.cpuprofile`s here (BENCH_PROFILE). */
  profileDir?: string
}

export type WriterStats = RawWriterStats

export interface Drained {
  writers: WriterStats[]
  /** CPU time of the writers' processes from the start of posting to the last ack. */
  cpuMs: number
  problems: string[]
}

export interface WriterGroup {
  start(): void
  /** Stops posting and waits (up to `timeoutMs`) for the outstanding acknowledgements. */
  drain(timeoutMs: number): Promise<Drained>
  close(): Promise<void>
}

export type ChildCommand =
  | { cmd: 'connect'; url: string; name: string; writers: WriterSpec['writers'] }
  | { cmd: 'load'; rate: number }
  | { cmd: 'drain'; timeoutMs: number }
  | { cmd: 'close' }

export type ChildReport = Drained

type ChildAnswer = { synced: true } | ChildReport | { error: string; problems: string[] }

const epochNow = () => performance.timeOrigin + performance.now()

const answer = <T>(child: ChildProcess): Promise<T> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`writer process exited (${code})`))
    child.once('exit', onExit)
    child.once('message', (m: ChildAnswer) => {
      child.off('exit', onExit)
      if ('error' in m) reject(new Error(`writer process: ${m.error}; ${m.problems.slice(0, 5).join('; ')}`))
      else resolve(m as T)
    })
  })

async function rawWriters(spec: WriterSpec): Promise<WriterGroup> {
  const per = Math.ceil(spec.writers.length / spec.processes)
  const children: ChildProcess[] = []
  for (let i = 0; i < spec.writers.length; i += per) {
    const child = fork(new URL('./writerChild.ts', import.meta.url).pathname, [], {
      execArgv: spec.profileDir ? ['--cpu-prof', '--cpu-prof-dir', spec.profileDir] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    children.push(child)
    const synced = answer<{ synced: true }>(child)
    child.send({
      cmd: 'connect',
      url: spec.url,
      name: spec.name,
      writers: spec.writers.slice(i, i + per),
    } satisfies ChildCommand)
    await synced
  }
  return {
    start: () => {
      for (const c of children) c.send({ cmd: 'load', rate: spec.rate } satisfies ChildCommand)
    },
    async drain(timeoutMs) {
      const reports = await Promise.all(
        children.map((c) => {
          const report = answer<ChildReport>(c)
          c.send({ cmd: 'drain', timeoutMs } satisfies ChildCommand)
          return report
        }),
      )
      return {
        writers: reports.flatMap((r) => r.writers),
        cpuMs: reports.reduce((s, r) => s + r.cpuMs, 0),
        problems: reports.flatMap((r) => r.problems),
      }
    },
    async close() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve()
              // A process that does not exit in time is killed (writing a profile takes seconds).
              const kill = setTimeout(() => c.kill('SIGKILL'), 60_000)
              c.once('exit', () => {
                clearTimeout(kill)
                resolve()
              })
              c.send({ cmd: 'close' } satisfies ChildCommand)
            }),
        ),
      )
    },
  }
}

interface ProviderWriter {
  client: TestClient
  stats: WriterStats
  pending: Array<{ id: string; sentAt: number }>
  timer?: NodeJS.Timeout
}

async function providerWriters(spec: WriterSpec): Promise<WriterGroup> {
  const writers: ProviderWriter[] = spec.writers.map((w) => {
    const client = openClient(spec.url, spec.name, { cookie: w.token })
    const writer: ProviderWriter = {
      client,
      stats: { sentAt: [], ackedAt: [], ackMs: [], ackedIds: [], refused: 0 },
      pending: [],
    }
    let last = client.provider.unsyncedChanges
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      const now = epochNow()
      for (; last > number; last--) {
        const post = writer.pending.shift()
        if (!post) continue
        writer.stats.ackedAt.push(now)
        writer.stats.ackMs.push(now - post.sentAt)
        writer.stats.ackedIds.push(post.id)
      }
      last = number
    })
    return writer
  })
  await waitFor(() => writers.every((w) => w.client.provider.isSynced), 60_000, 'writers synced')
  let posting = false
  let cpuFrom = process.cpuUsage()
  return {
    start() {
      posting = true
      cpuFrom = process.cpuUsage()
      const interval = 1000 / spec.rate
      for (const [i, w] of writers.entries()) {
        const authorId = spec.writers[i]!.id
        let n = 0
        const phase = Math.random() * interval
        const begin = performance.now() + phase
        const post = () => {
          if (!posting) return
          const sentAt = epochNow()
          w.stats.sentAt.push(sentAt)
          const text = `busy ${authorId.slice(0, 8)} #${n} ${'x'.repeat(60)}`
          w.pending.push({ id: postMessage(w.client.doc, { authorId, text }).id, sentAt })
          n++
          w.timer = setTimeout(post, Math.max(0, begin + n * interval - performance.now()))
        }
        w.timer = setTimeout(post, phase)
      }
    },
    async drain(timeoutMs) {
      posting = false
      for (const w of writers) clearTimeout(w.timer)
      await waitFor(() => writers.every((w) => w.pending.length === 0), timeoutMs, 'the last acks').catch(
        () => {},
      )
      const cpu = process.cpuUsage(cpuFrom)
      const problems = writers.flatMap((w) => [
        ...w.client.events.denied.map((r) => `denied: ${r}`),
        ...w.client.events.closes.filter(Boolean).map((r) => `closed: ${r}`),
      ])
      return {
        writers: writers.map((w) => w.stats),
        cpuMs: (cpu.user + cpu.system) / 1000,
        problems,
      }
    },
    async close() {
      for (const w of writers) w.client.destroy()
    },
  }
}

export function openWriters(kind: WriterKind, spec: WriterSpec): Promise<WriterGroup> {
  return kind === 'raw' ? rawWriters(spec) : providerWriters(spec)
}
