/**
 * bench:threads in Chromium: the fixture seeded as a standing channel of the demo cooperative
 * (compacted, and archived unless told not to), and the time until a resident sees its newest
 * message, from navigation and from the click in the channel list, each run a cold open.
 */
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { DESKTOP, launchBrowser, logIn } from '../../e2e/support/browser.ts'
import type { E2EServer } from '../../e2e/support/server.ts'
import { TOPICS } from '../../indexer/sources.ts'
import { type DocRef, docName, parseDocName } from '../../schema/docs/names.ts'
import type { DB } from '../../server/db/connect.ts'
import { compactDocument, loadDocumentState } from '../../server/docstore/documents.ts'
import { lagOf } from '../../server/outbox/outbox.ts'
import { archiveOldMessages } from '../../server/threads/archive.ts'
import { fmt, type Summary, summarise } from '../lib/stats.ts'
import { appendToLog, type ThreadFixture } from '../lib/threadFixture.ts'
import { waitFor } from '../lib/wait.ts'

export function refOf(name: string): DocRef {
  const parsed = parseDocName(name)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.doc
}

export interface RenderResult {
  /** As shipped (archived) or the never-archived baseline. */
  archived: boolean
  fromNavigation: Summary
  fromClick: Summary
  domMessages: number
}

/** performance.now() once the newest message is inside the log's visible box, else false. */
const newestVisible = (id: string): number | false => {
  const el = document.querySelector(`[data-message-id="${id}"]`)
  const log = el?.closest('[role="log"]')
  if (!el || !log) return false
  const r = el.getBoundingClientRect()
  const box = log.getBoundingClientRect()
  return r.height > 0 && r.top < box.bottom && r.bottom > box.top ? performance.now() : false
}

export async function firstRender(
  server: E2EServer,
  fixture: ThreadFixture,
  target: { orgId: string; threadId: string; name: string; archived: boolean },
  runs: number,
): Promise<RenderResult> {
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' })
    const page: Page = await context.newPage()
    await logIn(page, server.baseUrl, 'resident@example.com')
    await page.waitForURL((url) => url.pathname === '/')
    const newest = fixture.messageIds.at(-1)!
    const channelUrl = `${server.baseUrl}/org/${target.orgId}/chat/${target.threadId}`
    // Each run starts with the document out of the server's memory too (a cold open).
    const leave = async () => {
      await page.goto(`${server.baseUrl}/`)
      await waitFor(() => !server.collab.hocuspocus.documents.has(target.name), 30_000, 'server unload')
    }
    const fromNavigation: number[] = []
    const fromClick: number[] = []
    let domMessages = 0
    for (let i = 0; i < runs; i++) {
      await page.goto(channelUrl, { waitUntil: 'commit' })
      const at = await page.waitForFunction(newestVisible, newest, { polling: 'raf', timeout: 120_000 })
      fromNavigation.push(Number(await at.jsonValue()))
      domMessages = await page.locator('.message').count()
      await leave()

      await page.goto(`${server.baseUrl}/org/${target.orgId}/chat`)
      const link = page.locator(`a[href$="/chat/${target.threadId}"]`)
      await link.waitFor()
      const clickedAt = await page.evaluate(() => performance.now())
      await link.click()
      const seen = await page.waitForFunction(newestVisible, newest, { polling: 'raf', timeout: 120_000 })
      fromClick.push(Number(await seen.jsonValue()) - clickedAt)
      await leave()
    }
    return {
      archived: target.archived,
      fromNavigation: summarise(fromNavigation),
      fromClick: summarise(fromClick),
      domMessages,
    }
  } finally {
    await browser.close()
  }
}

/**
 * The fixture as a standing channel of the demo cooperative, compacted like a long-lived thread
 * (and archived, as the collab server does after a compaction, unless `archived` is false).
 */
export async function seedChannel(
  server: E2EServer,
  fixture: ThreadFixture,
  orgId: string,
  boardId: string,
  archived: boolean,
) {
  const thread = await server.db
    .insertInto('threads')
    .values({
      org_id: orgId,
      kind: 'channel',
      title: `Bench ${fmt(fixture.messageIds.length)}${archived ? '' : ' (never archived)'}`,
      audience: 'members',
      created_by: boardId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const ref = refOf(docName('thread', orgId, thread.id))
  await appendToLog(server.db, ref.name, fixture.updates)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, (await loadDocumentState(server.db, ref.name))!)
  await compactDocument(server.db, ref, doc)
  if (archived) {
    await archiveOldMessages(server.db, ref, doc)
    await compactDocument(server.db, ref, doc)
  }
  // The resident has read the channel: a returning reader's view opens at the newest message
  // (with unread ones it opens at the "new messages" line, which is not what this measures).
  const resident = await server.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'resident@example.com')
    .executeTakeFirstOrThrow()
  await server.db
    .insertInto('thread_reads')
    .values({ user_id: resident.id, thread_id: thread.id, read_at: new Date() })
    .execute()
  // The projection queued 10,000 search/notification jobs; the app's indexer runs in this same
  // process. Measure the first render on a settled server, not one busy indexing the fixture.
  const started = performance.now()
  while (await pendingOutbox(server.db)) {
    if (performance.now() - started > 15 * 60_000) throw new Error('the indexer did not settle in 15 min')
    await new Promise((r) => setTimeout(r, 250))
  }
  console.log(`  indexer settled the seeded thread in ${fmt((performance.now() - started) / 1000, 1)} s`)
  return { orgId, threadId: thread.id, name: ref.name, archived }
}

/** The search indexer's backlog (other topics belong to other workers, parked rows wait for a person). */
async function pendingOutbox(db: DB): Promise<boolean> {
  return (await lagOf(db, TOPICS)).pending > 0
}
