import { createApi } from '../api/app.ts'
import { storedInbox } from '../collab-server/notifications/testInbox.ts'
import type { CollabSuite } from '../collab-server/test/harness.ts'
import { loadConfig } from '../schema/config.ts'
import type { DB } from '../server/db/connect.ts'
import { createMailer } from '../server/mail/mailer.ts'

/**
 * The HTTP API on the collab suite's database, as a second process would run it beside the
 * collab server and its notifier: what a user does over HTTP, then what reaches their inbox.
 * `revokesLive`: an access change made over HTTP closes the suite's open sockets at once, as the
 * bus carries it between the processes in production (removal, role change, handover tests).
 */
export function apiBeside(suite: CollabSuite, opts: { revokesLive?: boolean } = {}) {
  return createApi({
    config: loadConfig({ DEMO: '1', PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' }),
    db: suite.db(),
    engine: suite.connected.engine,
    mailer: createMailer(undefined),
    onAccessChanged: opts.revokesLive ? (change) => void suite.server.collab.revoke(change) : () => undefined,
  })
}

/** The stored inbox items of one kind for a person (what the notifier wrote for them). */
export async function inboxItemsOf(db: DB, userId: string, kind: string) {
  return (await storedInbox(db, userId)).filter((i) => i.kind === kind)
}
