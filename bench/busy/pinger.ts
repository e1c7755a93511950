/**
 * bench:busy's pinger process (bench/busyThread.ts forks it with `ping`): an open-loop
 * `GET /api/health` every `everyMs`. Open loop: each request is sent at its planned time whether or
 * not the previous one answered, and its latency counts from that planned time, so a stalled
 * server cannot hide its stall by slowing the pinger down (no coordinated omission).
 */
import { type Summary, summarise } from '../lib/stats.ts'
import { waitFor } from '../lib/wait.ts'

/** Every ping: its planned send time (epoch ms, comparable across processes) and latency, or failure. */
export type PingReport = Array<{ at: number; ms: number | null; why?: string }>

export const epochNow = () => performance.timeOrigin + performance.now()

export async function ping(url: string, everyMs: number): Promise<void> {
  const samples: PingReport = []
  let inFlight = 0
  const started = epochNow()
  let n = 0
  let timer: NodeJS.Timeout
  const fire = () => {
    const planned = started + n * everyMs
    n++
    inFlight++
    // Recorded when sent: a ping still unanswered at the end counts as failed, not as missing.
    const sample: PingReport[number] = { at: planned, ms: null }
    samples.push(sample)
    fetch(url, { signal: AbortSignal.timeout(30_000) })
      .then(async (res) => {
        await res.arrayBuffer()
        if (res.ok) sample.ms = epochNow() - planned
        else sample.why = `HTTP ${res.status}`
      })
      .catch((error: Error) => {
        sample.why = (error.cause as Error | undefined)?.message ?? error.name
      })
      .finally(() => inFlight--)
    // The next planned time, however late this turn ran.
    timer = setTimeout(fire, Math.max(0, started + n * everyMs - epochNow()))
  }
  fire()
  await waitFor(() => samples.some((s) => s.ms !== null), 120_000, 'the first health answer')
  process.send!('up')
  process.once('message', async () => {
    clearTimeout(timer)
    await waitFor(() => inFlight === 0, 35_000, 'health pings in flight').catch(() => {})
    process.send!(samples, () => process.exit(0))
  })
}

export function window(samples: PingReport, from: number, to: number): Summary & { failed: number } {
  const inside = samples.filter((s) => s.at >= from && s.at < to)
  const ok = inside.flatMap((s) => (s.ms === null ? [] : [s.ms]))
  const why = new Map<string, number>()
  for (const s of inside)
    if (s.ms === null) why.set(s.why ?? 'unanswered', (why.get(s.why ?? 'unanswered') ?? 0) + 1)
  if (why.size > 0) console.log(`  health pings failed: ${JSON.stringify(Object.fromEntries(why))}`)
  return { ...summarise(ok.length ? ok : [Number.NaN]), failed: inside.length - ok.length }
}
