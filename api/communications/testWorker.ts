import { createSmsSender, type SmsSender } from '../../server/communications/sms.ts'
import { type CommunicationsWorker, createCommunicationsWorker } from '../../server/communications/worker.ts'
import { createLogger } from '../../server/log.ts'
import type { TestContext } from '../test/harness.ts'

/**
 * The delivery worker the collab process runs, on a test app's database, mailer and files: no SMS
 * gateway unless one is given (texts stay in the table), silent, and no loop (`pollMs: 0`), so a test decides when
 * deliveries happen by calling `runOnce()` and then reads what they wrote.
 */
export function testWorker(
  t: TestContext,
  sms: SmsSender = createSmsSender(undefined),
): CommunicationsWorker {
  return createCommunicationsWorker({
    db: t.deps.db,
    mailer: t.deps.mailer,
    sms,
    filesDir: t.deps.config.filesDir,
    publicUrl: t.deps.config.publicUrl,
    log: createLogger('silent'),
    signal: async () => {},
    pollMs: 0,
  })
}

/** Two rounds of a fresh worker: what a test queued is delivered, and so is what a round made due. */
export async function deliverTwice(t: TestContext): Promise<void> {
  const worker = testWorker(t)
  await worker.runOnce()
  await worker.runOnce()
}
