import { beforeAll, describe, it } from 'vitest'
import { loadConfig } from '../../schema/config.ts'
import { searchContract } from './contract.ts'
import { createMeiliSearch } from './meilisearch.ts'

const config = loadConfig(process.env)

if (config.meiliUrl && config.meiliMasterKey) {
  const adapter = createMeiliSearch({
    url: config.meiliUrl,
    key: config.meiliMasterKey,
    index: `contract_${crypto.randomUUID().slice(0, 8)}`,
  })
  describe('Meilisearch', () => {
    beforeAll(() => adapter.init())
    searchContract('meilisearch', () => adapter)
  })
} else {
  console.warn('SKIPPED: Meilisearch contract (MEILI_URL unset)')
  describe('Meilisearch', () => {
    it.skip('SKIPPED: Meilisearch contract (MEILI_URL unset)', () => {})
  })
}
