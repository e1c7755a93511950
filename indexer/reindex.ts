import type { Config } from '../schema/config.ts'
import type { DB } from '../server/db/connect.ts'
import { searchAdapterFor } from '../server/search/adapter.ts'
import type { RecordType, SearchAdapter } from '../server/search/types.ts'
import { allRecords, countRecords, INDEXED_TYPES } from './sources.ts'

export interface ReindexSummary {
  type: RecordType
  expected: number
  indexed: number
  ms: number
}

/**
 * Rebuilds the index from the tables, type by type: clear, then feed every record. Outbox rows
 * that arrive meanwhile are applied by the indexer afterwards; being idempotent, they do no harm.
 */
export async function reindex(opts: {
  db: DB
  config: Config
  adapter?: SearchAdapter
  types?: readonly RecordType[]
  onProgress?: (type: RecordType, done: number, total: number) => void
}): Promise<ReindexSummary[]> {
  const adapter = opts.adapter ?? searchAdapterFor(opts.db, opts.config)
  await adapter.init()
  const summary: ReindexSummary[] = []
  for (const type of opts.types ?? INDEXED_TYPES) {
    const started = performance.now()
    const expected = await countRecords(opts.db, type)
    await adapter.clear([type])
    let indexed = 0
    opts.onProgress?.(type, 0, expected)
    for await (const batch of allRecords({ db: opts.db, config: opts.config }, type)) {
      await adapter.upsert(batch)
      indexed += batch.length
      opts.onProgress?.(type, indexed, expected)
    }
    await adapter.settle()
    summary.push({ type, expected, indexed, ms: Math.round(performance.now() - started) })
  }
  return summary
}
