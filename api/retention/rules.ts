import { sql } from 'kysely'
import { docName } from '../../schema/docs/names.ts'
import type { DB } from '../../server/db/connect.ts'
import { allowHistoryPurge } from '../../server/db/purge.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'
import { messageChanged } from '../../server/projections/thread.ts'

/**
 * What an organisation's retention settings remove, counted (the dry run) or removed (the daily
 * job), each kind by its own age:
 * - **closed cases** whose last change is older than the limit: the case, its participants,
 *   status history, record changes, its thread with its messages, its live documents, and its
 *   attachments (marked deleted; the file sweep removes the bytes);
 * - **chat history**: channel messages older than the limit that have left the live document
 *   (archived: the document keeps the newest 200–300 of a thread), with their edit history and
 *   attachments;
 * - **meter readings** read before the limit.
 * Search forgets them through the outbox, as for any other change.
 */
export interface RetentionSettings {
  closedCasesDays: number | null
  chatDays: number | null
  readingsDays: number | null
}

export interface RetentionReport {
  cutoffs: { closedCases: string | null; chat: string | null; readings: string | null }
  counts: { closedCases: number; messages: number; readings: number }
}

const before = (days: number | null, now: Date) =>
  days === null ? null : new Date(now.getTime() - days * 86_400_000)

async function oldClosedCases(db: DB, orgId: string, cutoff: Date | null) {
  if (!cutoff) return []
  return db
    .selectFrom('cases')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '=', 'closed')
    .where('updated_at', '<', cutoff)
    .execute()
}

async function oldMessages(db: DB, orgId: string, cutoff: Date | null) {
  if (!cutoff) return []
  return db
    .selectFrom('messages as m')
    .innerJoin('threads as t', (j) => j.onRef('t.id', '=', 'm.thread_id').onRef('t.org_id', '=', 'm.org_id'))
    .select(['m.id', 'm.thread_id', 'm.author_id'])
    .where('m.org_id', '=', orgId)
    .where('t.kind', '=', 'channel')
    .where('m.archived_at', 'is not', null)
    .where('m.created_at', '<', cutoff)
    .execute()
}

async function oldReadings(db: DB, orgId: string, cutoff: Date | null) {
  if (!cutoff) return []
  return db
    .selectFrom('meter_readings')
    .select('id')
    .where('org_id', '=', orgId)
    .where('read_on', '<', cutoff.toISOString().slice(0, 10))
    .execute()
}

export async function retentionReport(
  db: DB,
  orgId: string,
  settings: RetentionSettings,
  now = new Date(),
): Promise<RetentionReport> {
  const cut = {
    closedCases: before(settings.closedCasesDays, now),
    chat: before(settings.chatDays, now),
    readings: before(settings.readingsDays, now),
  }
  const [cases, messages, readings] = await Promise.all([
    oldClosedCases(db, orgId, cut.closedCases),
    oldMessages(db, orgId, cut.chat),
    oldReadings(db, orgId, cut.readings),
  ])
  return {
    cutoffs: {
      closedCases: cut.closedCases?.toISOString() ?? null,
      chat: cut.chat?.toISOString() ?? null,
      readings: cut.readings?.toISOString() ?? null,
    },
    counts: { closedCases: cases.length, messages: messages.length, readings: readings.length },
  }
}

/** Removes what the report counts; call inside one transaction. Returns what it removed. */
export async function applyRetention(
  trx: DB,
  orgId: string,
  settings: RetentionSettings,
  now = new Date(),
): Promise<RetentionReport> {
  const report = await retentionReport(trx, orgId, settings, now)
  const cases = await oldClosedCases(trx, orgId, before(settings.closedCasesDays, now))
  const messages = await oldMessages(trx, orgId, before(settings.chatDays, now))
  const readings = await oldReadings(trx, orgId, before(settings.readingsDays, now))

  if (messages.length > 0) {
    const ids = messages.map((m) => m.id)
    await markAttachmentsDeleted(trx, orgId, 'message', ids, now)
    await allowHistoryPurge(trx)
    await trx
      .deleteFrom('message_versions')
      .where('org_id', '=', orgId)
      .where('message_id', 'in', ids)
      .execute()
    await trx.deleteFrom('messages').where('org_id', '=', orgId).where('id', 'in', ids).execute()
    await enqueue(
      trx,
      'message.changed',
      messages.map((m) => messageChanged(orgId, m.thread_id, m.id, m.author_id)),
    )
  }
  for (const { id } of cases) await removeCase(trx, orgId, id, now)
  if (readings.length > 0)
    await trx
      .deleteFrom('meter_readings')
      .where('org_id', '=', orgId)
      .where(
        'id',
        'in',
        readings.map((r) => r.id),
      )
      .execute()
  return report
}

async function markAttachmentsDeleted(
  trx: DB,
  orgId: string,
  kind: 'case' | 'message',
  ownerIds: string[],
  now: Date,
) {
  if (ownerIds.length === 0) return
  // Message attachments are owned by their thread and listed on the message (messages.attachments).
  if (kind === 'message') {
    await sql`UPDATE attachments SET deleted_at = ${now}
               WHERE org_id = ${orgId} AND deleted_at IS NULL AND id::text IN (
                 SELECT unnest(attachments)::text FROM messages WHERE org_id = ${orgId} AND id IN (${sql.join(ownerIds)}))`.execute(
      trx,
    )
    return
  }
  await trx
    .updateTable('attachments')
    .set({ deleted_at: now })
    .where('org_id', '=', orgId)
    .where('owner_kind', '=', 'case')
    .where('owner_id', 'in', ownerIds)
    .where('deleted_at', 'is', null)
    .execute()
}

async function removeCase(trx: DB, orgId: string, caseId: string, now: Date) {
  await markAttachmentsDeleted(trx, orgId, 'case', [caseId], now)
  const threads = await trx.selectFrom('threads').select('id').where('case_id', '=', caseId).execute()
  const names = [docName('case', orgId, caseId)]
  for (const { id } of threads) {
    await sql`UPDATE attachments SET deleted_at = ${now}
               WHERE org_id = ${orgId} AND owner_kind = 'message' AND owner_id = ${id} AND deleted_at IS NULL`.execute(
      trx,
    )
    await allowHistoryPurge(trx)
    await trx.deleteFrom('message_versions').where('thread_id', '=', id).execute()
    await trx.deleteFrom('messages').where('thread_id', '=', id).execute()
    await sql`DELETE FROM thread_reads WHERE thread_id = ${id}`.execute(trx)
    names.push(docName('thread', orgId, id))
  }
  await trx.deleteFrom('collab_updates').where('doc_name', 'in', names).execute()
  await trx.deleteFrom('collab_documents').where('name', 'in', names).execute()
  await trx.deleteFrom('threads').where('case_id', '=', caseId).execute()
  for (const table of ['case_participants', 'case_status_history', 'case_record_changes'] as const)
    await sql`DELETE FROM ${sql.table(table)} WHERE case_id = ${caseId}`.execute(trx)
  await trx.deleteFrom('cases').where('id', '=', caseId).execute()
  // The indexer reads the case again, finds it gone and removes its record.
  await enqueue(trx, 'case.search', { orgId, entityId: caseId, payload: {} })
}
