import * as Y from 'yjs'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import type { DB } from '../db/connect.ts'
import { createOrg, createUser } from './factories.ts'

/**
 * A channel of a new organisation whose documents append every update to its log
 * (`collab_updates`), as the collab server's persistence does before it applies one: what the
 * compaction and projection tests fold. Each `replica()` is another editor of the same thread
 * (two of them make compactions race); `settled()` waits until its updates are in the log.
 */
export async function loggedThread(db: DB) {
  const org = await createOrg(db)
  const user = await createUser(db)
  const row = await db
    .insertInto('threads')
    .values({ org_id: org.id, title: 'busy' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const parsed = parseDocName(docName('thread', org.id, row.id))
  if (!parsed.ok) throw new Error(parsed.reason)
  const ref = parsed.doc
  const replica = () => {
    const doc = new Y.Doc()
    const appended: Promise<unknown>[] = []
    doc.on('update', (u: Uint8Array) => {
      appended.push(
        db.insertInto('collab_updates').values({ doc_name: ref.name, update: u, user_id: user.id }).execute(),
      )
    })
    return { doc, settled: () => Promise.all(appended) }
  }
  return { ref, threadId: row.id, user, replica }
}
