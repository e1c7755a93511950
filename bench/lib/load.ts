import { Agent, request } from 'node:http'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { type Summary, summarise } from './stats.ts'

/**
 * A closed-loop HTTP load generator: `clients` keep-alive connections, each sending its next GET
 * as soon as the previous answer is read, for `seconds` after a short warm-up. It runs in a worker
 * thread so the server under test keeps its own event loop (on this 2-core machine the two still
 * share the CPUs, as they would with an external tool such as autocannon).
 */
export interface LoadSpec {
  url: string
  headers?: Record<string, string>
  clients: number
  seconds: number
  warmupSeconds?: number
}

export interface LoadResult {
  requests: number
  perSecond: number
  errors: number
  /** Status codes other than 200 (the first one seen), so a broken fixture is not a fast result. */
  badStatus: number | null
  latency: Summary
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: spec })
    worker.once('message', (result: LoadResult) => resolve(result))
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`))
    })
  })
}

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.clients })
  const url = new URL(spec.url)
  let measuring = false
  let stop = false
  const times: number[] = []
  let errors = 0
  let badStatus: number | null = null
  const once = () =>
    new Promise<void>((done) => {
      const began = performance.now()
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers: spec.headers },
        (res) => {
          if (res.statusCode !== 200) badStatus ??= res.statusCode ?? 0
          res.on('data', () => {})
          res.on('end', () => {
            if (measuring) times.push(performance.now() - began)
            done()
          })
        },
      )
      req.on('error', () => {
        errors++
        done()
      })
      req.end()
    })
  const loop = async () => {
    while (!stop) await once()
  }
  const loops = Array.from({ length: spec.clients }, loop)
  await new Promise((r) => setTimeout(r, (spec.warmupSeconds ?? 0.5) * 1000))
  measuring = true
  const began = performance.now()
  await new Promise((r) => setTimeout(r, spec.seconds * 1000))
  measuring = false
  const elapsed = performance.now() - began
  stop = true
  await Promise.all(loops)
  agent.destroy()
  return {
    requests: times.length,
    perSecond: (times.length / elapsed) * 1000,
    errors,
    badStatus,
    latency: times.length ? summarise(times) : { n: 0, min: 0, p50: 0, p95: 0, p99: 0, max: 0 },
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort
  generate(workerData as LoadSpec).then((result) => port.postMessage(result))
}
