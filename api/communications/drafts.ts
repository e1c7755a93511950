import type { DB } from '../../server/db/connect.ts'

/**
 * A composed message's files are uploaded before it exists, as attachments of owner kind
 * `communication` under the composer's draft id (api/attachments); the send takes that id, so
 * the files are the send's from the moment it is written, with nothing to copy or bind.
 */
export async function draftTaken(db: DB, draftId: string): Promise<boolean> {
  const row = await db.selectFrom('communications').select('id').where('id', '=', draftId).executeTakeFirst()
  return row !== undefined
}

/** The draft's files (name, size) for the send's audit line. */
export async function draftFiles(db: DB, orgId: string, draftId: string) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'a.file_id').onRef('f.org_id', '=', 'a.org_id'))
    .select(['a.id', 'f.name', 'f.size'])
    .where('a.org_id', '=', orgId)
    .where('a.owner_kind', '=', 'communication')
    .where('a.owner_id', '=', draftId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.created_at')
    .execute()
}
