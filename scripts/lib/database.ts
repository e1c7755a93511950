import type { Config } from '../../schema/config.ts'
import type { Connected } from '../../server/db/connect.ts'
import { DatabaseUnavailable, type OpenOptions, openDatabase } from '../../server/db/open.ts'

/** Opens the configured database for a command; when it cannot, says why and exits 1. */
export async function openDatabaseOrExit(config: Config, opts: OpenOptions): Promise<Connected> {
  try {
    return await openDatabase(config, opts)
  } catch (error) {
    if (error instanceof DatabaseUnavailable) {
      console.error(`Kotipiha ${opts.purpose}: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}
