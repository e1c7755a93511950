import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { createApi } from '../../api/app.ts'
import type { AppDeps } from '../../api/http/context.ts'
import { startTestApp, type TestContext } from '../../api/test/harness.ts'
import { type Indexer, type IndexerOptions, startIndexer } from '../../indexer/indexer.ts'
import { type Config, loadConfig } from '../../schema/config.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { hideMessage, postMessage } from '../../schema/docs/thread.ts'
import type { DB, Engine } from '../../server/db/connect.ts'
import { createLogger } from '../../server/log.ts'
import { projectThread } from '../../server/projections/thread.ts'
import { unique } from '../../server/test/factories.ts'

/** An API app whose files go to a temporary directory, and indexers that stop with it. */
export interface SearchWorld {
  t: TestContext
  db: DB
  config: Config
  app: ReturnType<typeof createApi>
  indexer(opts?: Partial<IndexerOptions>): Promise<Indexer>
  /** Stops every indexer started so far. */
  stopIndexers(): Promise<void>
  close(): Promise<void>
}

export async function startSearchWorld(engine: Engine): Promise<SearchWorld> {
  const t = await startTestApp(engine)
  // One directory for every test file: storage is content-addressed, and on a shared Postgres any
  // file's indexer may extract any file's upload.
  const filesDir = join(tmpdir(), 'kotipiha-test-files')
  const config = loadConfig({
    DEMO: '1',
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
    FILES_DIR: filesDir,
  })
  const deps: AppDeps = { ...t.deps, config }
  const running: Indexer[] = []
  return {
    t,
    db: t.deps.db,
    config,
    app: createApi(deps),
    async indexer(opts = {}) {
      const indexer = await startIndexer({
        db: t.deps.db,
        config,
        pollMs: 50,
        log: createLogger(process.env.INDEXER_TEST_LOG ? 'warn' : 'silent'),
        ...opts,
      })
      running.push(indexer)
      return indexer
    },
    async stopIndexers() {
      await Promise.all(running.splice(0).map((i) => i.stop()))
    },
    async close() {
      await Promise.all(running.map((i) => i.stop()))
      await t.close()
    },
  }
}

/** A standing channel, and messages written the way the collab server's compaction writes them. */
export async function channel(db: DB, orgId: string, audience: 'members' | 'board' = 'members') {
  const thread = await db
    .insertInto('threads')
    .values({ org_id: orgId, title: unique('Kanava'), audience, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const doc = new Y.Doc()
  const parsed = parseDocName(docName('thread', orgId, thread.id))
  if (!parsed.ok) throw new Error(parsed.reason)
  const ref = parsed.doc
  const compact = (after?: (trx: DB) => Promise<unknown>) =>
    db.transaction().execute(async (trx) => {
      await projectThread(trx, ref, doc)
      await after?.(trx)
    })
  return {
    threadId: thread.id,
    /** `after` runs in the compaction's transaction, e.g. to claim the outbox rows it wrote. */
    async post(authorId: string, text: string, after?: (trx: DB) => Promise<unknown>) {
      const m = postMessage(doc, { authorId, text })
      await compact(after)
      return m.id
    },
    async hide(messageId: string, by: string) {
      hideMessage(doc, messageId, by, 'moderated')
      await compact()
    },
  }
}
