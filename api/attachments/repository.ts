import type { AttachmentOwner } from '../../schema/api/attachments.ts'
import type { DB } from '../../server/db/connect.ts'
import type { StoredBlob } from '../../server/files/storage.ts'

/** Attachment rows joined with their file (name, type, size) and uploader's name. */
function attachmentQuery(db: DB) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'a.file_id').onRef('f.org_id', '=', 'a.org_id'))
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select([
      'a.id',
      'a.org_id',
      'a.owner_kind',
      'a.owner_id',
      'a.board_id',
      'a.thumb_sha256',
      'a.uploaded_by',
      'a.created_at',
      'f.sha256',
      'f.name',
      'f.mime',
      'f.size',
      'u.name as uploader_name',
    ])
    .where('a.deleted_at', 'is', null)
}

export type AttachmentRow = Awaited<ReturnType<ReturnType<typeof attachmentQuery>['execute']>>[number]

export async function findAttachment(db: DB, orgId: string, id: string): Promise<AttachmentRow | undefined> {
  return attachmentQuery(db).where('a.org_id', '=', orgId).where('a.id', '=', id).executeTakeFirst()
}

export async function listAttachments(
  db: DB,
  owner: { orgId: string; kind: AttachmentOwner; id: string; boardId: string | null },
): Promise<AttachmentRow[]> {
  let q = attachmentQuery(db)
    .where('a.org_id', '=', owner.orgId)
    .where('a.owner_kind', '=', owner.kind)
    .where('a.owner_id', '=', owner.id)
  if (owner.boardId) q = q.where('a.board_id', '=', owner.boardId)
  return q.orderBy('a.created_at').orderBy('a.id').limit(500).execute()
}

/** One file row and its attachment, in the caller's transaction. */
export async function insertAttachment(
  trx: DB,
  args: {
    orgId: string
    kind: AttachmentOwner
    ownerId: string
    boardId: string | null
    name: string
    blob: StoredBlob
    thumbSha256: string | null
    uploadedBy: string
  },
): Promise<string> {
  const file = await trx
    .insertInto('files')
    .values({
      org_id: args.orgId,
      sha256: args.blob.sha256,
      size: args.blob.size,
      mime: args.blob.mime,
      name: args.name,
      uploaded_by: args.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const row = await trx
    .insertInto('attachments')
    .values({
      org_id: args.orgId,
      owner_kind: args.kind,
      owner_id: args.ownerId,
      board_id: args.boardId,
      file_id: file.id,
      thumb_sha256: args.thumbSha256,
      uploaded_by: args.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function softDeleteAttachment(trx: DB, orgId: string, id: string, by: string): Promise<void> {
  await trx
    .updateTable('attachments')
    .set({ deleted_at: new Date(), deleted_by: by })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}
