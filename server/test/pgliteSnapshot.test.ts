import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { SNAPSHOT_SETTINGS } from './globalSetup.ts'
import { connectTestDatabase } from './pgliteSnapshot.ts'

describe("the tests' PGlite snapshot", () => {
  it('loads migrated, with the small settings that keep a load cheap', async () => {
    const { db, close } = await connectTestDatabase('pglite')
    try {
      const setting = async (name: string) =>
        (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(db)).rows[0]?.v
      expect(await setting('wal_segment_size')).toBe('1MB')
      expect(await setting('shared_buffers')).toBe(SNAPSHOT_SETTINGS.shared_buffers)
      expect(await setting('max_connections')).toBe(SNAPSHOT_SETTINGS.max_connections)
      // Migrated: the newest tables are there without migrating here.
      await db.selectFrom('outbox').select('id').limit(1).execute()
    } finally {
      await close()
    }
  })
})
