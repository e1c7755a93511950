import * as Y from 'yjs'
import { addCard, addChecklistItem, seedColumns, updateCard } from '../../schema/docs/board.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import type { DB } from '../../server/db/connect.ts'
import { projectBoard } from '../../server/projections/board.ts'

/**
 * The demo cooperative's task board, with a second board member (so two people can co-edit it)
 * and one card delegated to the demo plumbing company, which sees it under My tasks. Written as a
 * snapshot and projected with the collab server's own projection, like the demo channels.
 */
export const DEMO_BOARD_MEMBER_2 = { email: 'board2@example.com', name: 'Sanna Sihteeri' }

export async function seedDemoBoards(db: DB): Promise<void> {
  const orgs = await db.selectFrom('organisations').select(['id', 'name']).execute()
  const coop = orgs.find((o) => o.name === 'As Oy Koivukuja')
  const plumbers = orgs.find((o) => o.name === 'Putkityö Demo Oy')
  const first = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', 'board@example.com')
    .executeTakeFirst()
  if (!coop || !plumbers || !first) return
  await db.transaction().execute(async (trx) => {
    // Same demo password as every demo account (the hash of board@example.com's).
    const second = await trx
      .insertInto('users')
      .values({
        email: DEMO_BOARD_MEMBER_2.email,
        name: DEMO_BOARD_MEMBER_2.name,
        phone: '+358 40 000 0000',
        language: 'fi',
        password_hash: first.password_hash,
        platform_admin: false,
        totp_key: null,
        totp_pending_key: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('memberships')
      .values({
        org_id: coop.id,
        user_id: second.id,
        role: 'board_member',
        building_id: null,
        apartment_id: null,
      })
      .execute()
    const board = await trx
      .insertInto('boards')
      .values({ org_id: coop.id, title: 'Remontti 2027', visibility: 'board', created_by: first.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    const parsed = parseDocName(docName('board', coop.id, board.id))
    if (!parsed.ok) throw new Error(parsed.reason)
    const doc = new Y.Doc()
    const [todo, doing] = seedColumns(doc, ['Tehtävänä', 'Työn alla', 'Valmis'])
    const card = (title: string, columnId: string) => addCard(doc, { title, columnId, createdBy: first.id })
    const pipes = card('Linjasaneerauksen putkikartoitus', todo!.id)
    updateCard(doc, pipes.id, {
      delegatedOrgId: plumbers.id,
      due: '2027-03-31',
      labels: ['linjasaneeraus'],
      description: 'A- ja B-talon nousulinjojen kuntokartoitus ennen urakkatarjouksia.',
    })
    const roof = card('Katon tarkastus', todo!.id)
    updateCard(doc, roof.id, { assigneeId: first.id, due: '2027-05-15', labels: ['katto'] })
    addChecklistItem(doc, roof.id, 'Pyydä tarjoukset')
    addChecklistItem(doc, roof.id, 'Sovi tarkastuspäivä')
    const yard = card('Pihasuunnitelma yhtiökokoukseen', doing!.id)
    updateCard(doc, yard.id, { assigneeId: second.id, progress: 40 })
    await trx
      .insertInto('collab_documents')
      .values({ name: parsed.doc.name, org_id: coop.id, kind: 'board', snapshot: Y.encodeStateAsUpdate(doc) })
      .execute()
    await projectBoard(trx, parsed.doc, doc)
    doc.destroy()
  })
}
