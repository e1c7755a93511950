import type { OrgRef, Principal } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { createCase } from './create.ts'

type Report = Parameters<typeof createCase>[3]

/**
 * Reports a case once per client key: a form sent again (after a refused attachment, a lost
 * response, a double click) gets the case its first submission made. Two submissions racing
 * both miss the lookup; the unique index (org, reporter, key) refuses the second insert, whose
 * transaction rolls back whole, and it answers with the first one's case.
 */
export async function reportCaseOnce(
  db: DB,
  principal: Principal,
  org: OrgRef,
  report: Report,
): Promise<{ id: string; created: boolean }> {
  const key = report.clientKey
  if (key === undefined) return { id: await createCase(db, principal, org, report), created: true }
  const existing = await findByKey(db, principal.userId, org.id, key)
  if (existing) return { id: existing, created: false }
  try {
    return { id: await createCase(db, principal, org, report), created: true }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const raced = await findByKey(db, principal.userId, org.id, key)
    if (!raced) throw error
    return { id: raced, created: false }
  }
}

async function findByKey(db: DB, reporterId: string, orgId: string, key: string) {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('org_id', '=', orgId)
    .where('reporter_id', '=', reporterId)
    .where('client_key', '=', key)
    .executeTakeFirst()
  return row?.id
}
