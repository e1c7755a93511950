import { spawn } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'

/**
 * `npm test`: the typecheck, the lint, the unit and server projects, and the browser (e2e) project,
 * as four processes at once instead of one after another. On a 2-core machine most of a test's
 * time is spent waiting (on Postgres, Redis, a child server, Chromium), so the typecheck and the
 * lint fill a core that would otherwise idle, and the e2e files (one at a time, each with its own
 * server and Chromium) run beside the server files instead of after all of them. The e2e
 * project's one-off work (the client build, the seeded demo DATA_DIR) then happens while the
 * server tests run too.
 *
 * The vitest run streams its output as it goes; every other job's lines carry its name. The exit
 * code is non-zero when any job fails; each job's verdict and time are listed at the end.
 */
interface Job {
  name: string
  args: string[]
  /** Streamed without a prefix (the longest job, whose summary ends the log). */
  primary?: boolean
}

// `npm test -- path/or/filter` narrows both vitest jobs (one of them may then find no file).
const filters = process.argv.slice(2)
const vitest = [
  'node_modules/vitest/vitest.mjs',
  'run',
  ...(filters.length ? ['--passWithNoTests', ...filters] : []),
]
const jobs: Job[] = [
  { name: 'typecheck', args: ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', args: ['node_modules/@biomejs/biome/bin/biome', 'check', '.'] },
  { name: 'e2e', args: [...vitest, '--project', 'e2e'] },
  { name: 'vitest', args: [...vitest, '--project', 'unit', '--project', 'server'], primary: true },
]

function prefixed(name: string, write: (line: string) => void) {
  let rest = ''
  return {
    push(chunk: Buffer) {
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) write(`[${name}] ${line}\n`)
    },
    flush() {
      if (rest) write(`[${name}] ${rest}\n`)
      rest = ''
    },
  }
}

const started = Date.now()
const seconds = () => Math.round((Date.now() - started) / 1000)

/**
 * What a failed job said about its failure, for the end of the log: CI shows only the log's tail,
 * and the job that failed is not always the one that finished last (a run's excerpt once ended in
 * the passing e2e summary and never named the failed server test). Vitest's failed test lines,
 * its "Failed Tests" and "Unhandled Errors" sections, and our own teardown warnings.
 */
function digest(lines: string[]): string[] {
  const failed: string[] = []
  const details: string[] = []
  let section = 0
  for (const line of lines) {
    const plain = stripVTControlCharacters(line).replace(/^\[[^\]]+\] ?/, '')

    // Each failure's header (" FAIL  project  file > test") and the dozen lines of error below it.
    if (/^\s*FAIL\b|⎯{3,} Unhandled Error/.test(plain)) section = 12
    if (section > 0) {
      if (plain.trim()) details.push(plain)
      section--
    } else if (/^\s*×|\[test teardown\]|collab\.close_stalled/.test(plain)) failed.push(plain)
  }
  // The failed tests' names last, nearest the end: an excerpt of the log's last lines keeps them.
  return [...details.slice(0, 60), ...failed.slice(0, 30)]
}

function run(job: Job): Promise<{ job: Job; code: number; seconds: number; lines: string[] }> {
  return new Promise((resolve) => {
    // Kept apart from what is streamed, one splitter per stream so their partial lines never mix.
    const lines: string[] = []
    const kept = (stream: string) => prefixed(stream, (l) => void lines.push(l.trimEnd()))
    const keepOut = kept(job.name)
    const keepErr = kept(`${job.name} stderr`)
    const child = spawn(process.execPath, job.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Colours would stay in CI's log file as escape codes; vitest and biome decide on their own
      // on a terminal.
      env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    })
    const out = job.primary
      ? { push: (c: Buffer) => process.stdout.write(c), flush() {} }
      : prefixed(job.name, (l) => process.stdout.write(l))
    const err = job.primary
      ? { push: (c: Buffer) => process.stderr.write(c), flush() {} }
      : prefixed(job.name, (l) => process.stderr.write(l))
    child.stdout.on('data', (c: Buffer) => {
      out.push(c)
      keepOut.push(c)
    })
    child.stderr.on('data', (c: Buffer) => {
      err.push(c)
      keepErr.push(c)
    })
    child.on('close', (code, signal) => {
      for (const s of [out, err, keepOut, keepErr]) s.flush()
      resolve({ job, code: code ?? (signal ? 1 : 0), seconds: seconds(), lines })
    })
  })
}

const results = await Promise.all(jobs.map(run))
for (const { job, code, lines } of results) {
  if (code === 0) continue
  console.log(`\n== what ${job.name} said about its failure`)
  for (const line of digest(lines)) console.log(line)
}
console.log('\n== npm test')
for (const { job, code, seconds } of results) {
  console.log(`${code === 0 ? 'passed' : 'FAILED'}  ${job.name} (done at ${seconds}s)`)
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0)
