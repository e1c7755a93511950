import { sql } from 'kysely'
import {
  type Channel,
  type DeliveryRow,
  type DeliveryStatusName,
  emptyTotals,
  type SendSummary,
} from '../../schema/communications/api.ts'
import type { DB } from '../../server/db/connect.ts'

/** Reads of sends and their delivery status for the send pages. */
export async function sendSummaries(db: DB, orgId: string, opts: { id?: string; limit?: number } = {}) {
  let q = db
    .selectFrom('communications as c')
    .leftJoin('users as u', 'u.id', 'c.sender_id')
    .select([
      'c.id',
      'c.org_id',
      'c.subject',
      'c.body',
      'u.name as senderName',
      'c.created_at',
      'c.scheduled_at',
      'c.cancelled_at',
      'c.recipient_count',
      'c.letter_pages',
      'c.letter_file_id',
    ])
    .where('c.org_id', '=', orgId)
    // A platform announcement's share of an organisation is the platform admin's to follow.
    .where('c.announcement_id', 'is', null)
    .orderBy('c.created_at', 'desc')
    .limit(opts.limit ?? 50)
  if (opts.id) q = q.where('c.id', '=', opts.id)
  const rows = await q.execute()
  const totals = await totalsOf(
    db,
    orgId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => {
    const perChannel = totals.get(r.id) ?? new Map<Channel, Record<DeliveryStatusName, number>>()
    const all = emptyTotals()
    for (const t of perChannel.values())
      for (const k of Object.keys(t) as DeliveryStatusName[]) all[k] += t[k]
    const summary: SendSummary & {
      body: string
      letterFileId: string | null
      perChannelMap: typeof perChannel
    } = {
      id: r.id,
      orgId: r.org_id,
      subject: r.subject,
      body: r.body,
      senderName: r.senderName,
      createdAt: new Date(r.created_at).toISOString(),
      scheduledAt: new Date(r.scheduled_at).toISOString(),
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at).toISOString() : null,
      recipients: r.recipient_count,
      totals: all,
      letterPages: r.letter_pages,
      letterFileId: r.letter_file_id,
      perChannelMap: perChannel,
    }
    return summary
  })
}

async function totalsOf(db: DB, orgId: string, ids: readonly string[]) {
  const out = new Map<string, Map<Channel, Record<DeliveryStatusName, number>>>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('communication_deliveries')
    .select(['communication_id', 'channel', 'status', sql<string>`count(*)`.as('n')])
    .where('org_id', '=', orgId)
    .where('communication_id', 'in', [...ids])
    .groupBy(['communication_id', 'channel', 'status'])
    .execute()
  for (const r of rows) {
    const byChannel = out.get(r.communication_id) ?? new Map()
    const t = byChannel.get(r.channel) ?? emptyTotals()
    t[r.status] += Number(r.n)
    byChannel.set(r.channel, t)
    out.set(r.communication_id, byChannel)
  }
  return out
}

/** Failures first, then the rest, at most `limit` rows. */
export async function deliveryRows(db: DB, orgId: string, id: string, limit = 300): Promise<DeliveryRow[]> {
  const rows = await db
    .selectFrom('communication_deliveries as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.user_id',
      'u.name',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.sent_at',
    ])
    .where('d.org_id', '=', orgId)
    .where('d.communication_id', '=', id)
    .orderBy(sql`d.status = 'failed'`, 'desc')
    .orderBy('u.name')
    .orderBy('d.channel')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    userId: r.user_id,
    name: r.name,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  }))
}
