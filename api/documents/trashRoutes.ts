import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { DocumentParams, FolderParams, OrgParam } from '../../schema/api/documents.ts'
import type { FolderAction, OrgRef } from '../../schema/policy.ts'
import { enqueue } from '../../server/access/folders.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { type Ctx, demand, documentFor, folderFor, orgFor } from './access.ts'

/**
 * Soft delete and restore of folders and documents, and the trash that lists what staff can
 * restore. Deleting needs `documents.manage`, restoring `documents.restore` (management staff).
 */
export const trashRoutes = new Hono<AppEnv>()

interface Trashable {
  kind: 'folder' | 'document'
  table: 'document_folders' | 'documents'
  idParam: 'folderId' | 'documentId'
  /** Checks the caller's right and returns the audit details of the target. */
  check: (c: Ctx, org: OrgRef, id: string, action: FolderAction) => Promise<Record<string, unknown>>
}

const FOLDER: Trashable = {
  kind: 'folder',
  table: 'document_folders',
  idParam: 'folderId',
  check: async (c, org, id, action) => {
    await folderFor(c, org, id, action)
    return {}
  },
}

const DOCUMENT: Trashable = {
  kind: 'document',
  table: 'documents',
  idParam: 'documentId',
  check: async (c, org, id, action) => ({ title: (await documentFor(c, org, id, action)).doc.title }),
}

/** One transaction: the flag, the audit entry and the indexer's work (gone from / back in search). */
async function setDeleted(c: Ctx, spec: Trashable, deleted: boolean) {
  const org = await orgFor(c, c.req.param('orgId') ?? '')
  const id = c.req.param(spec.idParam) ?? ''
  const details = await spec.check(c, org, id, deleted ? 'documents.manage' : 'documents.restore')
  const actorId = c.get('session').userId
  await c
    .get('deps')
    .db.transaction()
    .execute(async (trx) => {
      await trx
        .updateTable(spec.table)
        .set(
          deleted ? { deleted_at: new Date(), deleted_by: actorId } : { deleted_at: null, deleted_by: null },
        )
        .where('id', '=', id)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: `${spec.kind}.${deleted ? 'deleted' : 'restored'}`,
        targetType: spec.kind,
        targetId: id,
        details,
      })
      await enqueue(trx, org.id, `${spec.kind}.changed`, id)
    })
  return c.json({ ok: true })
}

for (const [spec, path, params] of [
  [FOLDER, '/:orgId/folders/:folderId', FolderParams],
  [DOCUMENT, '/:orgId/documents/:documentId', DocumentParams],
] as const) {
  trashRoutes.delete(
    path,
    describeRoute({ summary: `Delete a ${spec.kind} (soft: staff can restore it)`, tags: ['documents'] }),
    valid('param', params),
    (c) => setDeleted(c, spec, true),
  )
  trashRoutes.post(
    `${path}/restore`,
    describeRoute({ summary: `Restore a deleted ${spec.kind}`, tags: ['documents'] }),
    valid('param', params),
    (c) => setDeleted(c, spec, false),
  )
}

trashRoutes.get(
  '/:orgId/trash',
  describeRoute({
    summary: 'Deleted folders and documents of an organisation, for staff to restore',
    tags: ['documents'],
  }),
  valid('param', OrgParam),
  async (c) => {
    const org = await orgFor(c, c.req.valid('param').orgId)
    demand(c, org, 'documents.restore', null)
    const { db } = c.get('deps')
    const folders = await db
      .selectFrom('document_folders as f')
      .leftJoin('users as u', 'u.id', 'f.deleted_by')
      .select([
        'f.id',
        'f.name',
        'f.parent_id as parentId',
        'f.deleted_at as deletedAt',
        'u.name as deletedByName',
      ])
      .where('f.org_id', '=', org.id)
      .where('f.deleted_at', 'is not', null)
      .orderBy('f.deleted_at', 'desc')
      .execute()
    const documents = await db
      .selectFrom('documents as d')
      .innerJoin('document_folders as f', (j) =>
        j.onRef('f.id', '=', 'd.folder_id').onRef('f.org_id', '=', 'd.org_id'),
      )
      .leftJoin('users as u', 'u.id', 'd.deleted_by')
      .select([
        'd.id',
        'd.title',
        'd.folder_id as folderId',
        'f.name as folderName',
        'd.deleted_at as deletedAt',
        'u.name as deletedByName',
      ])
      .where('d.org_id', '=', org.id)
      .where('d.deleted_at', 'is not', null)
      .orderBy('d.deleted_at', 'desc')
      .execute()
    return c.json({ folders, documents })
  },
)
