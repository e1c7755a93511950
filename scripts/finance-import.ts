/**
 * Example ERP client for the finance import API: streams a CSV file to Kotipiha.
 *
 *   node scripts/finance-import.ts --url http://localhost:3000 --org <cooperative id> \
 *     --kind invoices --file invoices.csv [--dry-run]
 *
 * The API key (created by the organisation admin, scope finance:write) comes from the
 * KOTIPIHA_API_KEY environment variable, never the command line. The file is streamed, not read
 * whole; the answer's counts are printed and the refused rows listed with their field paths.
 */
import { createReadStream, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    org: { type: 'string' },
    kind: { type: 'string', default: 'invoices' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
})
const key = process.env.KOTIPIHA_API_KEY
if (!values.org || !values.file || !key) {
  console.error(
    'Usage: KOTIPIHA_API_KEY=kpk_… node scripts/finance-import.ts --org <id> --kind invoices --file rows.csv',
  )
  process.exit(2)
}
const url = `${values.url}/api/import/${values.org}/${values.kind}${values['dry-run'] ? '?dryRun=1' : ''}`
const res = await fetch(url, {
  method: 'POST',
  headers: {
    authorization: `Bearer ${key}`,
    'content-type': 'text/csv',
    'content-length': String(statSync(values.file).size),
  },
  body: Readable.toWeb(createReadStream(values.file)) as ReadableStream<Uint8Array>,
  duplex: 'half',
} as RequestInit)
const body = (await res.json()) as {
  error?: { code: string; message: string }
  counts?: Record<string, number>
  rows?: {
    row: number
    status: string
    externalId: string | null
    errors?: { path: string; message: string }[]
  }[]
}
if (!res.ok) {
  console.error(`${res.status} ${body.error?.code}: ${body.error?.message}`)
  process.exit(1)
}
console.log(body.counts)
for (const row of body.rows ?? []) {
  if (row.status !== 'refused') continue
  for (const e of row.errors ?? [])
    console.log(`row ${row.row} (${row.externalId ?? '?'}): ${e.path}: ${e.message}`)
}
