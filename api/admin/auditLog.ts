import type { DB } from '../../server/db/connect.ts'

/** Audit entries newest first: of one organisation, or of the whole platform (orgId null). */
export async function listAudit(
  db: DB,
  opts: { orgId: string | null; before?: number | undefined; limit: number },
) {
  let query = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .leftJoin('organisations as o', 'o.id', 'l.org_id')
    .select([
      'l.id',
      'l.action',
      'l.target_type as targetType',
      'l.target_id as targetId',
      'l.details',
      'l.at',
      'u.name as actorName',
      'o.name as orgName',
    ])
    .orderBy('l.id', 'desc')
    .limit(opts.limit)
  if (opts.orgId) query = query.where('l.org_id', '=', opts.orgId)
  if (opts.before) query = query.where('l.id', '<', String(opts.before))
  const entries = await query.execute()
  return entries.map((e) => ({ ...e, id: Number(e.id) }))
}
