import { describe, expect, it, vi } from 'vitest'
import { addCard, readBoard, seedColumns, updateCard } from '../schema/docs/board.ts'
import { docName } from '../schema/docs/names.ts'
import type { Role } from '../schema/roles.ts'
import { jsonb } from '../server/db/json.ts'
import { writeStoredDocument } from '../server/docstore/docWriter.ts'
import { rebuildProjections } from '../server/projections/rebuild.ts'
import { createOrg, member } from '../server/test/factories.ts'
import { notifyDrained, storedInbox } from './notifications/testInbox.ts'
import { ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

describe.each(ENGINES)('task notifications on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  async function boardWorld() {
    const org = await createOrg(db())
    const partner = await createOrg(db(), { kind: 'partner_company' })
    const board = await db()
      .insertInto('boards')
      .values({ org_id: org.id, title: 'Korjaukset 2027', visibility: 'board', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const name = docName('board', org.id, board.id)
    await writeStoredDocument(db(), name, (doc) => seedColumns(doc, ['Todo', 'Doing', 'Done']))
    const editor = await member(db(), org.id, 'board_member')
    const live = suite.open(suite.server.url, name, { token: await tokenFor(db(), editor.token) })
    await vi.waitFor(() => expect(live.provider.synced).toBe(true))
    const card = addCard(live.doc, {
      title: 'Vaihda putket',
      columnId: readBoard(live.doc).columns[0]!.id,
      createdBy: editor.id,
    })
    const as = (role: Role, orgId = org.id) => member(db(), orgId, role)
    return { org, partner, boardId: board.id, editor, live, card, as }
  }

  const taskItems = async (userId: string, cardId: string) =>
    (await storedInbox(db(), userId)).filter((i) => i.link.endsWith(`#task-${cardId}`))

  /** Waits until the notifier has handled every notify row about this card. */
  const settled = (cardId: string) =>
    vi.waitFor(async () => expect(await notifyDrained(db(), [cardId])).toBe(0), { timeout: 10_000 })

  it('tells the assignee once, with a link to the task; a rebuild of the projection does not repeat it', async () => {
    const w = await boardWorld()
    const assignee = await w.as('board_member')
    updateCard(w.live.doc, w.card.id, { assigneeId: assignee.id })
    await vi.waitFor(async () => expect(await taskItems(assignee.id, w.card.id)).toHaveLength(1), {
      timeout: 10_000,
    })
    const [item] = await taskItems(assignee.id, w.card.id)
    expect(item).toMatchObject({
      kind: 'task_assigned',
      orgId: w.org.id,
      link: `/org/${w.org.id}/tasks#task-${w.card.id}`,
      title: 'Vaihda putket',
      readAt: null,
    })
    await settled(w.card.id)

    // The projection rows lost: a rebuild sees the assignment as new and emits it again.
    await db().deleteFrom('tasks').where('board_id', '=', w.boardId).execute()
    await rebuildProjections(db(), { orgId: w.org.id })
    const emitted = await db()
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'notify')
      .where('entity_id', '=', w.card.id)
      .execute()
    expect(emitted.filter((r) => JSON.stringify(r.payload).includes('task_assigned'))).toHaveLength(2)
    await settled(w.card.id)
    expect(await taskItems(assignee.id, w.card.id)).toHaveLength(1)
    const mails = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', assignee.email)
      .execute()
    expect(mails.map((m) => m.kind)).toEqual(['notify.task_assigned'])
    // The editor who made the change was not assigned: nothing for them.
    expect(await taskItems(w.editor.id, w.card.id)).toEqual([])
  })

  it('a new assignment is a new notice: A, then B, then A again gives A two items and B one', async () => {
    const w = await boardWorld()
    const a = await w.as('board_member')
    const b = await w.as('property_manager')
    // Each notice is delivered before the next change: one handled after the card has moved on
    // to someone else is stale and, by design, tells nobody.
    for (const [who, count] of [
      [a, 1],
      [b, 1],
      [a, 2],
    ] as const) {
      updateCard(w.live.doc, w.card.id, { assigneeId: who.id })
      await vi.waitFor(async () => expect(await taskItems(who.id, w.card.id)).toHaveLength(count), {
        timeout: 10_000,
      })
    }
    await settled(w.card.id)
    expect(await taskItems(a.id, w.card.id)).toHaveLength(2)
    expect(await taskItems(b.id, w.card.id)).toHaveLength(1)
  })

  it('taking a card oneself tells nobody, and a rebuild (which cannot know who did it) does not either', async () => {
    const w = await boardWorld()
    updateCard(w.live.doc, w.card.id, { assigneeId: w.editor.id })
    await vi.waitFor(
      async () => {
        const rows = await db()
          .selectFrom('outbox')
          .select('id')
          .where('topic', '=', 'notify')
          .where('entity_id', '=', w.card.id)
          .execute()
        expect(rows).toHaveLength(1)
      },
      { timeout: 10_000 },
    )
    await settled(w.card.id)
    await db().deleteFrom('tasks').where('board_id', '=', w.boardId).execute()
    await rebuildProjections(db(), { orgId: w.org.id })
    await settled(w.card.id)
    expect(await taskItems(w.editor.id, w.card.id)).toEqual([])
  })

  it('never tells a member of another organisation, nor someone of the cooperative who may not read the board', async () => {
    const w = await boardWorld()
    const stranger = await member(db(), (await createOrg(db())).id, 'board_member')
    const resident = await w.as('resident')
    updateCard(w.live.doc, w.card.id, { assigneeId: stranger.id })
    await vi.waitFor(
      async () => {
        const row = await db()
          .selectFrom('tasks')
          .select('assignee_id')
          .where('card_id', '=', w.card.id)
          .executeTakeFirst()
        expect(row?.assignee_id).toBe(stranger.id)
      },
      { timeout: 10_000 },
    )
    updateCard(w.live.doc, w.card.id, { assigneeId: resident.id })
    await vi.waitFor(
      async () => {
        const rows = await db()
          .selectFrom('outbox')
          .select('id')
          .where('topic', '=', 'notify')
          .where('entity_id', '=', w.card.id)
          .execute()
        expect(rows).toHaveLength(2)
      },
      { timeout: 10_000 },
    )
    await settled(w.card.id)
    expect(await storedInbox(db(), stranger.id)).toEqual([])
    expect(await storedInbox(db(), resident.id)).toEqual([])
  })

  it('a card delegated to a contractor company reaches its contractors (in their company), no one else’s', async () => {
    const w = await boardWorld()
    const contractor = await w.as('contractor', w.partner.id)
    const rep = await w.as('contractor_representative', w.partner.id)
    const otherPartner = await createOrg(db(), { kind: 'partner_company' })
    const outsider = await w.as('contractor', otherPartner.id)
    // Email only for those who want it: the representative has turned assigned-task mail off.
    await db()
      .updateTable('users')
      .set({
        notification_prefs: jsonb({
          task_assigned: { portal: true, email: false, sms: false, letter: false },
        }),
      })
      .where('id', '=', rep.id)
      .execute()
    updateCard(w.live.doc, w.card.id, { delegatedOrgId: w.partner.id })
    await vi.waitFor(
      async () => {
        expect(await taskItems(contractor.id, w.card.id)).toHaveLength(1)
        expect(await taskItems(rep.id, w.card.id)).toHaveLength(1)
      },
      { timeout: 10_000 },
    )
    const [item] = await taskItems(contractor.id, w.card.id)
    expect(item).toMatchObject({
      kind: 'task_delegated',
      orgId: w.partner.id,
      link: `/org/${w.partner.id}/tasks#task-${w.card.id}`,
    })
    await settled(w.card.id)
    expect(await storedInbox(db(), outsider.id)).toEqual([])
    const mailTo = async (email: string) =>
      (await db().selectFrom('mail_outbox').select('kind').where('to_address', '=', email).execute()).map(
        (m) => m.kind,
      )
    expect(await mailTo(contractor.email)).toEqual(['notify.task_delegated'])
    expect(await mailTo(rep.email)).toEqual([])
  })
})
