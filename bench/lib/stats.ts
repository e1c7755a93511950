import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** Summary of repeated timings: nearest-rank percentiles, so p95 of 20 runs is the 19th. */
export interface Summary {
  n: number
  min: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples')
  const s = [...samples].sort((a, b) => a - b)
  const rank = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!
  return { n: s.length, min: s[0]!, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: s.at(-1)! }
}

/** A number for a table: thousands separated, fixed digits. */
export const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

export const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`

/** `/proc/loadavg` as is (1, 5, 15 min): other work on the machine skews every figure. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  } catch {
    return 'unknown'
  }
}

export const machineLine = () =>
  `node ${process.version}, ${cpus().length} CPUs, load average ${loadAverage()}`

/** A Markdown table (right-aligned numbers), printed the same by every bench. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'))
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')
}
