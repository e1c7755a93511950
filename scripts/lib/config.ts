import { type Config, ConfigError, loadConfig } from '../../schema/config.ts'

/** Loads the configuration; on a mistake prints what is wrong and how to fix it, and exits 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(
        `Kotipiha cannot start: the configuration is not valid.\n${error.problems.map((p) => `  - ${p}`).join('\n')}`,
      )
      process.exit(1)
    }
    throw error
  }
}
