/**
 * `node bench/lib/profileSummary.ts <file.cpuprofile> [fromUs toUs] [--top N] [--under pattern]`
 *
 * Where a V8 CPU profile's time went, for the bench profiles (`BENCH_PROFILE`): optionally only
 * the samples inside a window of the profile's own clock (bench:busy prints its load window in
 * those units), as self time per function and as inclusive time per function (each function
 * counted once per sample however deep it recurses). `--under` prints, for the samples whose
 * stack holds a function matching the pattern, the self time beneath it per function.
 */
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface Summary {
  windowMs: number
  busyMs: number
  self: Map<string, number>
  inclusive: Map<string, number>
}

const label = (n: Node) => {
  const file = n.callFrame.url.split('/').slice(-2).join('/')
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`
}
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)'])

export function summarise(profile: Profile, from = -Infinity, to = Infinity, under?: RegExp): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let t = profile.startTime
  let windowUs = 0
  let busyUs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    t += dt
    if (t < from || t > to) continue
    // A sample's time is the gap to the next one: attribute that gap to the sampled stack.
    const us = profile.timeDeltas[i + 1] ?? 0
    windowUs += us
    const node = byId.get(profile.samples[i]!)!
    const name = node.callFrame.functionName
    if (name === '(idle)') continue
    if (name !== '(program)') busyUs += us
    const stack: Node[] = []
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id))
      stack.push(byId.get(id)!)
    if (under && !stack.some((n) => under.test(label(n)))) continue
    self.set(label(node), (self.get(label(node)) ?? 0) + us)
    const seen = new Set<string>()
    for (const n of stack) {
      const l = label(n)
      if (seen.has(l) || IDLE.has(n.callFrame.functionName) || n.callFrame.functionName === '(root)') continue
      seen.add(l)
      inclusive.set(l, (inclusive.get(l) ?? 0) + us)
    }
  }
  const ms = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, v / 1000]))
  return { windowMs: windowUs / 1000, busyMs: busyUs / 1000, self: ms(self), inclusive: ms(inclusive) }
}

function top(m: Map<string, number>, n: number, total: number): string {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n')
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const i = args.indexOf(name)
    if (i < 0) return undefined
    const [v] = args.splice(i, 2).slice(1)
    return v
  }
  const n = Number(flag('--top') ?? 40)
  const underArg = flag('--under')
  const [file, from, to] = args
  const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile
  const s = summarise(
    profile,
    from ? Number(from) : undefined,
    to ? Number(to) : undefined,
    underArg ? new RegExp(underArg) : undefined,
  )
  console.log(`window ${s.windowMs.toFixed(0)} ms, busy (not idle, not program) ${s.busyMs.toFixed(0)} ms`)
  console.log('\nself:')
  console.log(top(s.self, n, s.busyMs))
  console.log('\ninclusive:')
  console.log(top(s.inclusive, n, s.busyMs))
}
