import { parseArgs } from 'node:util'
import { isUuid } from '../schema/docs/names.ts'
import { rebuildProjections } from '../server/projections/rebuild.ts'
import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'

/**
 * `npm run rebuild:projections [-- --org <orgId>]`: rebuilds the relational projections (messages,
 * tasks, cases, ...) of every stored document, or of one organisation's, from the documents
 * themselves. Safe while collab servers run (it takes compaction's row lock per document).
 */
const { values } = parseArgs({ options: { org: { type: 'string' } } })
if (values.org !== undefined && !isUuid(values.org)) {
  console.error(`--org must be an organisation id (a lowercase UUID), not "${values.org}"`)
  process.exit(2)
}
const config = loadConfigOrExit()
const { db, engine, close } = await openDatabaseOrExit(config, { purpose: 'rebuild:projections' })
const started = performance.now()
const result = await rebuildProjections(db, values.org ? { orgId: values.org } : {})
await close()
console.log(
  `[rebuild:projections] ${engine}${values.org ? `, org ${values.org}` : ''}: ${result.documents} documents, ` +
    `${result.projected} projected, ${result.skipped} without a projection, ${result.failed.length} failed ` +
    `(${Math.round(performance.now() - started)} ms)`,
)
for (const failure of result.failed) console.error(`  ${failure.name}: ${failure.error}`)
process.exit(result.failed.length > 0 ? 1 : 0)
