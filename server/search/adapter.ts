import type { Config } from '../../schema/config.ts'
import type { DB } from '../db/connect.ts'
import { createMeiliSearch } from './meilisearch.ts'
import { createPostgresSearch } from './postgres.ts'
import type { SearchAdapter } from './types.ts'

const adapters = new WeakMap<DB, SearchAdapter>()

/** Meilisearch when configured, else Postgres full-text search; one per database handle. */
export function searchAdapterFor(db: DB, config: Config): SearchAdapter {
  let adapter = adapters.get(db)
  if (!adapter) {
    adapter =
      config.meiliUrl && config.meiliMasterKey
        ? createMeiliSearch({ url: config.meiliUrl, key: config.meiliMasterKey })
        : createPostgresSearch(db)
    adapters.set(db, adapter)
  }
  return adapter
}
