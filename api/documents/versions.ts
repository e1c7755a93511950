import type { DB } from '../../server/db/connect.ts'
import type { StoredBlob } from '../../server/files/storage.ts'

/** Records a stored blob as version `version` of a document, in the caller's transaction. */
export async function addVersion(
  trx: DB,
  args: {
    orgId: string
    documentId: string
    version: number
    actorId: string
    name: string
    blob: StoredBlob
  },
): Promise<void> {
  const file = await trx
    .insertInto('files')
    .values({
      org_id: args.orgId,
      sha256: args.blob.sha256,
      size: args.blob.size,
      mime: args.blob.mime,
      name: args.name,
      uploaded_by: args.actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('document_versions')
    .values({
      org_id: args.orgId,
      document_id: args.documentId,
      version: args.version,
      file_id: file.id,
      created_by: args.actorId,
    })
    .execute()
}
