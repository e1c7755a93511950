import type { DocRef } from '../../schema/docs/names.ts'
import { type BoardFacts, can, type Principal } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Access } from '../access.ts'
import { none } from './none.ts'

/**
 * A board document: the board's row gives the organisation and visibility; `can()` decides.
 * Contractors hold no role in the cooperative, so they never get past `board.read` whatever is
 * delegated to them: they reach delegated cards only through /api/tasks.
 */
export async function decideBoardAccess(
  db: DB,
  principal: Principal,
  doc: DocRef & { kind: 'board' },
): Promise<Access> {
  const row = await db
    .selectFrom('boards')
    .select(['id', 'org_id', 'visibility', 'topic', 'archived_at'])
    .where('id', '=', doc.id)
    .executeTakeFirst()
  if (!row || row.org_id !== doc.orgId) return none('not_found')
  const org = await loadOrgRef(db, row.org_id)
  if (!org) return none('not_found')
  const board: BoardFacts = {
    id: row.id,
    visibility: row.visibility,
    topic: row.topic,
    archived: row.archived_at !== null,
  }
  const resource = { type: 'board', org, board } as const
  if (!can(principal, 'board.read', resource))
    return none(org.status === 'active' ? 'forbidden' : 'org_suspended', org.id)
  const level = can(principal, 'board.write', resource) ? 'write' : 'read'
  return { level, moderator: false, orgId: org.id, reason: '' }
}
