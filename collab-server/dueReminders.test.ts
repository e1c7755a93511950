import { describe, expect, it, vi } from 'vitest'
import { jsonb } from '../server/db/json.ts'
import { createOrg, member } from '../server/test/factories.ts'
import { addDays, helsinkiDate, MAX_OVERDUE_DAYS, runDueReminders } from './notifications/dueReminders.ts'
import { notifyDrained, storedInbox } from './notifications/testInbox.ts'
import { ENGINES, useCollabServer } from './test/harness.ts'

describe('Helsinki calendar days', () => {
  it('counts the day in Helsinki, not in UTC, across the spring and autumn clock changes', () => {
    // 22:30 UTC on Saturday 28 March 2026 is already Sunday 00:30 in Helsinki (UTC+2).
    expect(helsinkiDate(Date.parse('2026-03-28T22:30:00Z'))).toBe('2026-03-29')
    // After the change (UTC+3): 21:30 UTC on Sunday is Monday 00:30.
    expect(helsinkiDate(Date.parse('2026-03-29T21:30:00Z'))).toBe('2026-03-30')
    expect(helsinkiDate(Date.parse('2026-03-29T20:59:00Z'))).toBe('2026-03-29')
    // October: back to UTC+2 on Sunday 25th.
    expect(helsinkiDate(Date.parse('2026-10-25T21:59:00Z'))).toBe('2026-10-25')
    expect(helsinkiDate(Date.parse('2026-10-25T22:00:00Z'))).toBe('2026-10-26')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })
})

describe.each(ENGINES)('due-date reminders on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db
  const today = helsinkiDate(Date.now())

  async function world() {
    const org = await createOrg(db())
    const partner = await createOrg(db(), { kind: 'partner_company' })
    const board = await db()
      .insertInto('boards')
      .values({ org_id: org.id, title: 'Huolto', visibility: 'board', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const assignee = await member(db(), org.id, 'board_member')
    const contractor = await member(db(), partner.id, 'contractor')
    const task = async (fields: {
      due: string | null
      progress?: number
      delegated?: boolean
      archived?: boolean
    }) => {
      const cardId = crypto.randomUUID()
      await db()
        .insertInto('tasks')
        .values({
          org_id: org.id,
          board_id: board.id,
          card_id: cardId,
          title: `Tehtävä ${cardId.slice(0, 4)}`,
          assignee_id: assignee.id,
          delegated_org_id: fields.delegated ? partner.id : null,
          due: fields.due,
          labels: jsonb([]),
          progress: fields.progress ?? 0,
          archived: fields.archived ?? false,
        })
        .execute()
      return cardId
    }
    return { org, partner, boardId: board.id, assignee, contractor, task }
  }

  const queuedFor = async (cardId: string) =>
    (
      await db()
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'notify')
        .where('entity_id', '=', cardId)
        .orderBy('id')
        .execute()
    ).map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { stage: string })

  it('reminds once per task and due date even when several runners race; the assignee and the delegated contractor get it', async () => {
    const w = await world()
    const card = await w.task({ due: addDays(today, 1), delegated: true })
    // Five runners at once (two processes' jobs, and then some), each in its own transaction.
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((runner) => runDueReminders(db(), { runner })))
    await runDueReminders(db(), { runner: 'later' })
    expect(await queuedFor(card)).toEqual([expect.objectContaining({ type: 'task_due', stage: 'soon' })])
    await vi.waitFor(async () => expect(await notifyDrained(db(), [card])).toBe(0), { timeout: 10_000 })
    for (const userId of [w.assignee.id, w.contractor.id]) {
      const items = (await storedInbox(db(), userId)).filter((i) => i.link.endsWith(`#task-${card}`))
      expect(items.map((i) => [i.kind, i.body])).toEqual([['task_due', addDays(today, 1)]])
    }
    const [contractorItem] = (await storedInbox(db(), w.contractor.id)).filter((i) => i.link.endsWith(card))
    expect(contractorItem?.orgId).toBe(w.partner.id)
    // Reminders go by email by default.
    const mail = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', w.assignee.email)
      .execute()
    expect(mail.map((m) => m.kind)).toEqual(['notify.task_due'])
  })

  it('overdue once, after the due-soon one; a new due date re-arms; done, archived and old tasks stay quiet', async () => {
    const w = await world()
    const card = await w.task({ due: addDays(today, 1) })
    const done = await w.task({ due: addDays(today, 1), progress: 100 })
    const archived = await w.task({ due: addDays(today, -1), archived: true })
    const ancient = await w.task({ due: addDays(today, -(MAX_OVERDUE_DAYS + 1)) })
    const later = await w.task({ due: addDays(today, 5) })
    const dayAfter = Date.now() + 2 * 24 * 3600_000
    await runDueReminders(db())
    await runDueReminders(db(), { now: dayAfter })
    await runDueReminders(db(), { now: dayAfter })
    expect((await queuedFor(card)).map((p) => p.stage)).toEqual(['soon', 'overdue'])
    for (const quiet of [done, archived, ancient, later]) expect(await queuedFor(quiet)).toEqual([])

    await db()
      .updateTable('tasks')
      .set({ due: addDays(today, 3) })
      .where('card_id', '=', card)
      .execute()
    await runDueReminders(db(), { now: dayAfter })
    expect((await queuedFor(card)).map((p) => p.stage)).toEqual(['soon', 'overdue', 'soon'])
  })

  it('forgets reminder claims once they can no longer matter, keeps assignment claims', async () => {
    const old = `task_due:${crypto.randomUUID()}:${crypto.randomUUID()}:2020-01-01:soon`
    const assignment = `task_assigned:${crypto.randomUUID()}:${crypto.randomUUID()}:1.1`
    const fresh = `task_due:${crypto.randomUUID()}:${crypto.randomUUID()}:${today}:soon`
    const longAgo = new Date(Date.now() - 40 * 24 * 3600_000)
    await db()
      .insertInto('notification_dedupe')
      .values([
        { key: old, source: 'test', created_at: longAgo },
        { key: assignment, source: 'test', created_at: longAgo },
        { key: fresh, source: 'test' },
      ])
      .execute()
    await runDueReminders(db())
    const left = await db()
      .selectFrom('notification_dedupe')
      .select('key')
      .where('key', 'in', [old, assignment, fresh])
      .execute()
    expect(left.map((r) => r.key).sort()).toEqual([assignment, fresh].sort())
  })

  it('email follows the preference: someone who turned reminder mail off gets the inbox item only', async () => {
    const w = await world()
    await db()
      .updateTable('users')
      .set({
        notification_prefs: jsonb({ task_due: { portal: true, email: false, sms: false, letter: false } }),
      })
      .where('id', '=', w.assignee.id)
      .execute()
    const card = await w.task({ due: today })
    await runDueReminders(db())
    await vi.waitFor(
      async () => expect((await storedInbox(db(), w.assignee.id)).map((i) => i.kind)).toEqual(['task_due']),
      { timeout: 10_000 },
    )
    await vi.waitFor(async () => expect(await notifyDrained(db(), [card])).toBe(0), { timeout: 10_000 })
    const mail = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', w.assignee.email)
      .execute()
    expect(mail).toEqual([])
  })
})
