import * as Y from 'yjs'
import { createCase } from '../../api/cases/create.ts'
import { addChecklistItem, setCaseField, setCaseStatus, setChecklistDone } from '../../schema/docs/case.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { loadOrgRef, loadPrincipal } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { projectCase } from '../../server/projections/case.ts'
import { koivukujaId } from './koivukuja.ts'
import { seedThread } from './seedThread.ts'

/**
 * Two cases in the demo cooperative, so Cases is not empty on a first start: a leak the manager
 * is handling (assigned to maintenance, a checklist, a conversation with the resident, an
 * internal note the resident cannot see) and a new report from an owner. Made through
 * `createCase` and the collab server's projections, as the app makes them. Their notification
 * rows are dropped: a fresh demo starts with empty inboxes.
 */
export async function seedDemoCases(db: DB): Promise<void> {
  const org = await loadOrgRef(db, await koivukujaId(db))
  if (!org) throw new Error('demo cooperative missing')
  const users = Object.fromEntries(
    (
      await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('email', 'in', [
          'resident@example.com',
          'owner@example.com',
          'manager@example.com',
          'maintenance@example.com',
        ])
        .execute()
    ).map((u) => [u.email.split('@')[0], u.id]),
  ) as Record<'resident' | 'owner' | 'manager' | 'maintenance', string>
  const as = (userId: string) => loadPrincipal(db, { userId, mfaVerified: true })
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)

  const leak = await createCase(
    db,
    await as(users.resident),
    org,
    {
      title: 'Kylpyhuoneen lattiakaivo vuotaa',
      description:
        'Lattiakaivon ympärillä on suihkun jälkeen vettä ja saumat tummuvat. Alakerran asukas kertoi kattoon tulleesta läikästä.',
      category: 'water_damage',
      priority: 'high',
      sharedWithBuilding: false,
    },
    minutesAgo(180),
  )
  const light = await createCase(
    db,
    await as(users.owner),
    org,
    {
      title: 'A-rapun ulko-oven valo ei syty',
      description: 'Ulko-oven valo on ollut pimeänä kolme iltaa. Ovella on vaikea nähdä avaimenreikää.',
      category: 'electricity',
      priority: 'normal',
      sharedWithBuilding: true,
    },
    minutesAgo(40),
  )

  await db.transaction().execute(async (trx) => {
    // The manager takes the leak: in progress, maintenance assigned, a due date, a checklist.
    const ref = parseDocName(docName('case', org.id, leak))
    if (!ref.ok) throw new Error(ref.reason)
    const stored = await trx
      .selectFrom('collab_documents')
      .select('snapshot')
      .where('name', '=', ref.doc.name)
      .executeTakeFirstOrThrow()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored.snapshot)
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    doc.transact(() => {
      setCaseStatus(doc, 'in_progress', users.manager, minutesAgo(90).getTime())
      setCaseField(doc, 'assigneeId', users.maintenance)
      setCaseField(doc, 'dueDate', due)
      addChecklistItem(doc, 'Kosteusmittaus kylpyhuoneessa', 'measure', users.manager)
      addChecklistItem(doc, 'Alakerran katon tarkastus', 'ceiling', users.manager)
      addChecklistItem(doc, 'Ilmoitus vakuutusyhtiölle', 'insurance', users.manager)
      setChecklistDone(doc, 'insurance', true)
    })
    await trx
      .updateTable('collab_documents')
      .set({ snapshot: Y.encodeStateAsUpdate(doc) })
      .where('name', '=', ref.doc.name)
      .execute()
    await projectCase(trx, ref.doc, doc)
    doc.destroy()

    const threads = await trx
      .selectFrom('threads')
      .select(['id', 'case_id', 'layer'])
      .where('case_id', 'in', [leak, light])
      .execute()
    const thread = (caseId: string, layer: 'case' | 'internal') =>
      threads.find((t) => t.case_id === caseId && t.layer === layer)?.id ?? ''
    await seedThread(trx, org.id, thread(leak, 'case'), [
      {
        authorId: users.resident,
        text: 'Vettä tulee myös kynnyksen yli käytävän puolelle.',
        minutesAgo: 120,
      },
      {
        authorId: users.manager,
        text: 'Kiitos ilmoituksesta. Huolto tulee mittaamaan kosteuden torstaina klo 10. Vältäthän suihkun käyttöä siihen asti.',
        minutesAgo: 85,
      },
      { authorId: users.resident, text: 'Selvä, olen kotona torstaina.', minutesAgo: 80 },
    ])
    await seedThread(trx, org.id, thread(leak, 'internal'), [
      {
        authorId: users.manager,
        text: 'Vahinkoilmoitus tehty vakuutusyhtiölle. Jos kaivo on rikki, korjaus kuuluu taloyhtiölle.',
        minutesAgo: 60,
      },
    ])
    await trx
      .deleteFrom('outbox')
      .where('topic', '=', 'notify')
      .where('entity_id', 'in', [leak, light])
      .execute()
  })
}
