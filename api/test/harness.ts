import { loadConfig } from '../../schema/config.ts'
import type { AccessChange } from '../../server/bus/accessBus.ts'
import type { Connected, Engine } from '../../server/db/connect.ts'
import { createMailer } from '../../server/mail/mailer.ts'
import { connectTestDatabase } from '../../server/test/pgliteSnapshot.ts'
import { createApi } from '../app.ts'
import type { AppDeps } from '../http/context.ts'

export { ENGINES } from '../../server/test/engines.ts'

export interface TestContext {
  connected: Connected
  deps: AppDeps
  app: ReturnType<typeof createApi>
  accessChanges: AccessChange[]
  close: () => Promise<void>
}

/** The app on a test database; `connected` gives it another one (a benchmark's on-disk PGlite). */
export async function startTestApp(engine: Engine, connected?: Connected): Promise<TestContext> {
  connected ??= await connectTestDatabase(engine)
  const config = loadConfig({ DEMO: '1', PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' })
  const accessChanges: AccessChange[] = []
  const deps: AppDeps = {
    config,
    db: connected.db,
    engine: connected.engine,
    mailer: createMailer(undefined),
    onAccessChanged: (change) => accessChanges.push(change),
  }
  return { connected, deps, app: createApi(deps), accessChanges, close: connected.close }
}
