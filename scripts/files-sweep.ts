import { parseArgs } from 'node:util'
import { DEFAULT_GRACE_MS, sweepOrphanBlobs } from '../api/files/sweep.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'

/**
 * `npm run files:sweep [-- --dry-run] [-- --grace-hours 24]`: removes blobs under FILES_DIR that
 * no row references and that are older than the grace period, and stale temporary uploads. Safe
 * while the API runs: a blob younger than the grace period is never removed.
 */
const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, 'grace-hours': { type: 'string' } },
})
const hours =
  values['grace-hours'] === undefined ? DEFAULT_GRACE_MS / 3_600_000 : Number(values['grace-hours'])
// Under an hour an upload whose row is still being written could lose its blob.
if (!Number.isFinite(hours) || hours < 1) {
  console.error(`--grace-hours must be a number of hours, at least 1, not "${values['grace-hours']}"`)
  process.exit(2)
}
const config = loadConfigOrExit()
const { db, engine, close } = await openDatabaseOrExit(config, { purpose: 'files:sweep' })
const started = performance.now()
const dryRun = values['dry-run'] ?? false
const result = await sweepOrphanBlobs(db, config.filesDir, { graceMs: hours * 3_600_000, dryRun })
await close()
const mb = (result.removedBytes / 1024 / 1024).toFixed(1)
console.log(
  `[files:sweep] ${engine}, ${config.filesDir}${dryRun ? ' (dry run: nothing removed)' : ''}: ` +
    `${result.blobs} blobs, ${result.candidates} older than ${hours} h, ` +
    `${result.removed} unreferenced ${dryRun ? 'would be ' : ''}removed (${mb} MB), ` +
    `${result.tmpRemoved} stale temporary files (${Math.round(performance.now() - started)} ms)`,
)
