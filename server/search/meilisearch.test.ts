import { beforeAll, describe } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import { searchContract } from './contract.ts'
import { createMeiliSearch } from './meilisearch.ts'
import type { SearchAdapter } from './types.ts'

const config = loadConfig(process.env)
const configured = Boolean(config.meiliUrl && config.meiliMasterKey)

// No Meilisearch server can be installed on these machines: the real contract suite runs when
// MEILI_URL is set, and otherwise is skipped loudly, never replaced by a stand-in.
if (!configured) console.warn('SKIPPED: Meilisearch contract (MEILI_URL unset)')

describe.skipIf(!configured)('Meilisearch', () => {
  let adapter: SearchAdapter
  beforeAll(async () => {
    adapter = createMeiliSearch({
      url: config.meiliUrl ?? '',
      key: config.meiliMasterKey ?? '',
      index: `contract_${crypto.randomUUID().slice(0, 8)}`,
    })
    await adapter.init()
  })
  searchContract('meilisearch', () => adapter)
})
