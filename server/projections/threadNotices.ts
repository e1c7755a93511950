import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '../../schema/db/types.ts'
import type { DocRef } from '../../schema/docs/names.ts'
import { messagesOf, readMessage } from '../../schema/docs/thread.ts'
import { enqueue } from '../outbox/enqueue.ts'
import { projectMessageVersions, type VersionInput } from './messageVersions.ts'
import type { ProjectionReport } from './parked.ts'
import { projectThread } from './thread.ts'
import { touchedMessages } from './touched.ts'

/**
 * The thread projection, plus one `notify` outbox row per compaction listing the messages that
 * are new since the last one (the notifier turns them into inbox items: "new message in a thread
 * I take part in", "you were mentioned"). A message already projected never notifies again, so
 * a rebuild is silent.
 */
export const MAX_NOTIFIED_MESSAGES = 50

export async function projectThreadWithNotices(
  trx: Kysely<Database>,
  ref: DocRef,
  doc: Y.Doc,
  log: VersionInput = { log: [] },
): Promise<ProjectionReport> {
  if (ref.kind !== 'thread') return { parked: [] }
  const touched = log.incremental
    ? touchedMessages(
        doc,
        log.log.map((row) => row.update),
      )
    : undefined
  const { fresh: added, refused, parked } = await projectThread(trx, ref, doc, touched)
  // A refused message's texts are not its id's history, nor news.
  await projectMessageVersions(trx, ref, doc, { ...log, skip: refused })
  const fresh = messagesOf(doc)
    .toArray()
    .filter((map) => map instanceof Y.Map && !refused.has(map))
    .map(readMessage)
    .filter((m) => added.has(m.id) && !m.deleted && !m.hidden)
    .slice(-MAX_NOTIFIED_MESSAGES)
  if (fresh.length === 0) return { parked }
  await enqueue(trx, 'notify', {
    orgId: ref.orgId,
    entityId: ref.id,
    payload: {
      type: 'messages',
      threadId: ref.id,
      messages: fresh.map((m) => ({ id: m.id, authorId: m.authorId, text: m.text.slice(0, 500) })),
    },
  })
  return { parked }
}
