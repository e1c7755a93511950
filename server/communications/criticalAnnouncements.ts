import { sql } from 'kysely'
import type { OrgRef } from '../../schema/policy.ts'
import type { DB } from '../db/connect.ts'
import { enqueueAudience } from './enqueueAudience.ts'

/**
 * Announcements that have just started, taken once across workers (`signalled_at`). A critical
 * one of an organisation also goes out by email and SMS to every member (and the managing
 * company's staff) whose preferences for announcements ask for it, in their language: a
 * communication with the announcement's texts, its delivery rows written in the same transaction
 * that marks the announcement signalled, so a crash sends it neither twice nor never. The portal
 * is left out: the banner is the portal. A platform-wide critical announcement is banner only.
 */
export async function takeStartedAnnouncements(db: DB): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const started = await sql<{
      id: string
      org_id: string | null
      severity: string
      texts: Record<string, { title: string; body: string }>
      created_by: string | null
    }>`
      UPDATE announcements a SET signalled_at = now()
      FROM (SELECT id FROM announcements
            WHERE signalled_at IS NULL AND starts_at <= now() AND withdrawn_at IS NULL
            ORDER BY starts_at LIMIT 20 FOR UPDATE SKIP LOCKED) due
      WHERE a.id = due.id
      RETURNING a.id, a.org_id, a.severity, a.texts, a.created_by`.execute(trx)
    for (const a of started.rows) {
      if (a.severity !== 'critical' || !a.org_id) continue
      const row = await trx
        .selectFrom('organisations')
        .select(['id', 'kind', 'status', 'managed_by'])
        .where('id', '=', a.org_id)
        .executeTakeFirst()
      if (row?.status !== 'active') continue
      const org: OrgRef = { id: row.id, kind: row.kind, status: row.status, managedBy: row.managed_by }
      const audience = { segments: [{}] }
      const texts = typeof a.texts === 'string' ? JSON.parse(a.texts) : a.texts
      const fi = texts.fi ?? { title: 'Tiedote', body: '' }
      // Set-based, as a mass send: the organisation's people are never loaded here.
      await enqueueAudience(trx, org, audience, {
        orgId: org.id,
        senderId: a.created_by,
        subject: fi.title,
        body: fi.body || fi.title,
        override: { channels: ['email', 'sms'] },
        scheduledAt: new Date(),
        texts,
        withoutPortal: true,
      })
    }
    return started.rows.length
  })
}
