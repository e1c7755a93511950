import { reindex } from '../indexer/reindex.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'

/** `npm run reindex`: rebuild the search index from the tables, with a progress bar and a summary. */
const config = loadConfigOrExit()
const { db, close } = await openDatabaseOrExit(config, { purpose: 'reindex' })
const engine = config.meiliUrl ? 'Meilisearch' : 'Postgres full-text search'
console.log(`Reindexing into ${engine} (database: ${config.databaseUrl ? 'Postgres' : 'PGlite'})`)

const width = 30
function bar(type: string, done: number, total: number) {
  const ratio = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(ratio * width)
  const line = `  ${type.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`)
  else if (done === total || done === 0) console.log(line)
}

let current = ''
const summary = await reindex({
  db,
  config,
  onProgress: (type, done, total) => {
    if (type !== current && current && process.stdout.isTTY) process.stdout.write('\n')
    current = type
    bar(type, done, total)
  },
})
if (process.stdout.isTTY) process.stdout.write('\n')
console.log('\n  type       indexed   rows   seconds')
for (const s of summary) {
  console.log(
    `  ${s.type.padEnd(9)} ${String(s.indexed).padStart(8)} ${String(s.expected).padStart(6)} ${(s.ms / 1000).toFixed(1).padStart(9)}`,
  )
}
const total = summary.reduce((n, s) => n + s.indexed, 0)
console.log(`\n  ${total} records indexed. Rows without a record (deleted or hidden) are skipped.`)
await close()
