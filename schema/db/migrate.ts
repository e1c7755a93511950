import type { Kysely } from 'kysely'
import { type MigrationProvider, Migrator } from 'kysely/migration'
import { migrations } from './migrations/index.ts'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * Brings the database to the latest schema. Idempotent, and safe when several processes start
 * at once: Kysely's migrator holds a lock row while it runs.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({
    db,
    provider,
    // Migrations written side by side may land out of order; each stands alone, so an older
    // database may run a lower-numbered one that arrived later.
    allowUnorderedMigrations: true,
  }).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const name = failed?.migrationName ?? 'unknown'
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
