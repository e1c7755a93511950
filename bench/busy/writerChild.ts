/**
 * A process of bench:busy's raw writers (rawWriter.ts), driven by the bench over IPC
 * (writers.ts): connect every writer it is given, post at a paced rate between `load` and `stop`,
 * then wait for the outstanding acknowledgements and report.
 */
import { RawWriter, ServerView } from './rawWriter.ts'
import type { ChildCommand, ChildReport } from './writers.ts'

let writers: RawWriter[] = []
let posting = false
/** Each writer's next post. */
const timers: NodeJS.Timeout[] = []
let cpuFrom = process.cpuUsage()

async function connect(cmd: Extract<ChildCommand, { cmd: 'connect' }>): Promise<void> {
  const view = new ServerView()
  writers = cmd.writers.map(
    (w, i) =>
      new RawWriter({ url: cmd.url, doc: cmd.name, cookie: w.token, authorId: w.id, view, observe: i === 0 }),
  )
  // A few at a time: fifty handshakes at once on a loaded machine time out nothing, but the
  // observer's view must be in before the others post (they all wait for `load` anyway).
  for (let i = 0; i < writers.length; i += 10)
    await Promise.all(writers.slice(i, i + 10).map((w) => w.connect()))
}

function load(rate: number): void {
  posting = true
  cpuFrom = process.cpuUsage()
  const interval = 1000 / rate
  for (const [i, writer] of writers.entries()) {
    let n = 0
    const phase = Math.random() * interval
    const begin = performance.now() + phase
    const tag = `busy ${Math.random().toString(36).slice(2, 10)}`
    const post = () => {
      if (!posting) return
      writer.post(`${tag} #${n} ${'x'.repeat(60)}`)
      n++
      // The next planned time, however late this turn ran: a late process catches up.
      timers[i] = setTimeout(post, Math.max(0, begin + n * interval - performance.now()))
    }
    timers[i] = setTimeout(post, phase)
  }
}

async function drain(timeoutMs: number): Promise<ChildReport> {
  posting = false
  for (const t of timers.splice(0)) clearTimeout(t)
  const until = performance.now() + timeoutMs
  while (writers.some((w) => w.acked + w.stats.refused < w.offered && w.problems.length === 0)) {
    if (performance.now() > until) break
    await new Promise((r) => setTimeout(r, 5))
  }
  const cpu = process.cpuUsage(cpuFrom)
  return {
    writers: writers.map((w) => w.stats),
    cpuMs: (cpu.user + cpu.system) / 1000,
    problems: writers.flatMap((w) => w.problems),
  }
}

process.on('message', async (cmd: ChildCommand) => {
  try {
    if (cmd.cmd === 'connect') {
      await connect(cmd)
      process.send!({ synced: true })
    } else if (cmd.cmd === 'load') {
      load(cmd.rate)
    } else if (cmd.cmd === 'drain') {
      process.send!(await drain(cmd.timeoutMs))
    } else {
      for (const w of writers) w.close()
      process.exit(0)
    }
  } catch (error) {
    console.error('writer process:', error)
    process.send!({ error: String(error), problems: writers.flatMap((w) => w.problems) })
  }
})
