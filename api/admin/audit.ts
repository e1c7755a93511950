import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'

export interface AuditEntry {
  orgId: string | null
  actorId: string | null
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
}

/** Appends to the audit log. Call inside the transaction of the action it records. */
export async function audit(db: DB, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      details: jsonb(entry.details ?? {}),
    })
    .execute()
}
