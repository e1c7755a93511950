import * as Y from 'yjs'
import { createCase } from '../../api/cases/create.ts'
import { setCaseField, setCaseStatus } from '../../schema/docs/case.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { loadOrgRef, loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { projectCase } from '../../server/projections/case.ts'

/**
 * Work already done in As Oy Kuusirinne (issue 15), so the investor's Operations report has a
 * service history and a handling time on a first start: two cases its resident reported weeks ago,
 * handled and resolved — one by the maintenance man it was assigned to, one by the manager. Made
 * as the demo's other cases are (`createCase`, the case document, the collab projection); their
 * notification rows are dropped, as a fresh demo starts with empty inboxes. Koivukuja, where the
 * other demo cases and most tests live, is left as it was.
 */
const DAY = 86_400_000

export async function seedDemoServiceHistory(db: DB): Promise<void> {
  const coop = await db
    .selectFrom('organisations')
    .select('id')
    .where('business_id', '=', '3456780-6')
    .executeTakeFirst()
  const org = coop ? await loadOrgRef(db, coop.id) : null
  const people = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', ['resident.kuusi@example.com', 'manager@example.com', 'maintenance@example.com'])
    .execute()
  const id = (email: string) => people.find((p) => p.email === email)?.id
  const resident = id('resident.kuusi@example.com')
  const manager = id('manager@example.com')
  const maintenance = id('maintenance@example.com')
  if (!org || !resident || !manager || !maintenance) return
  const reporter = await loadPrincipal(db, { userId: resident, mfaVerified: true })
  const now = Date.now()
  const work = [
    {
      title: 'Patterit kylmänä makuuhuoneessa',
      description: 'Makuuhuoneen patteri on ollut kylmä viikon, vaikka termostaatti on täysillä.',
      category: 'heating',
      reported: 41,
      resolved: 37,
      assignee: maintenance,
    },
    {
      title: 'Pihavalo vilkkuu',
      description: 'Pihan valaisin parkkipaikan vieressä vilkkuu iltaisin.',
      category: 'yard',
      reported: 23,
      resolved: 16,
      assignee: null,
    },
  ]
  const ids: string[] = []
  for (const w of work) {
    const caseId = await createCase(
      db,
      reporter,
      org,
      {
        title: w.title,
        description: w.description,
        category: w.category,
        priority: 'normal',
        sharedWithBuilding: false,
      },
      new Date(now - w.reported * DAY),
    )
    ids.push(caseId)
    await db.transaction().execute(async (trx) => {
      const ref = parseDocName(docName('case', org.id, caseId))
      if (!ref.ok) throw new Error(ref.reason)
      const stored = await trx
        .selectFrom('collab_documents')
        .select('snapshot')
        .where('name', '=', ref.doc.name)
        .executeTakeFirstOrThrow()
      const doc = new Y.Doc()
      Y.applyUpdate(doc, stored.snapshot)
      doc.transact(() => {
        setCaseStatus(doc, 'in_progress', manager, now - (w.reported - 1) * DAY)
        if (w.assignee) setCaseField(doc, 'assigneeId', w.assignee)
        setCaseStatus(doc, 'resolved', w.assignee ?? manager, now - w.resolved * DAY)
      })
      await trx
        .updateTable('collab_documents')
        .set({ snapshot: Y.encodeStateAsUpdate(doc) })
        .where('name', '=', ref.doc.name)
        .execute()
      await projectCase(trx, ref.doc, doc)
      doc.destroy()
    })
  }
  await db.deleteFrom('outbox').where('topic', '=', 'notify').where('entity_id', 'in', ids).execute()
}
