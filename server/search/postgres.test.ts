import { afterAll, beforeAll, describe } from 'vitest'
import type { Connected } from '../db/connect.ts'
import { ENGINES } from '../test/engines.ts'
import { connectTestDatabase } from '../test/pgliteSnapshot.ts'
import { searchContract } from './contract.ts'
import { createPostgresSearch } from './postgres.ts'
import type { SearchAdapter } from './types.ts'

describe.each(ENGINES)('Postgres full-text search on %s', (engine) => {
  let connected: Connected
  let adapter: SearchAdapter
  beforeAll(async () => {
    connected = await connectTestDatabase(engine)
    adapter = createPostgresSearch(connected.db)
  })
  afterAll(() => connected.close())
  searchContract(`postgres (${engine})`, () => adapter)
})
