import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  DocumentParams,
  DocumentPatchBody,
  FolderListQuery,
  FolderParams,
  UploadQuery,
} from '../../schema/api/documents.ts'
import { enqueue } from '../../server/access/folders.ts'
import { storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { abilities, demand, documentFor, folderFor, orgFor } from './access.ts'
import { addVersion } from './versions.ts'

/** Documents: the list of a folder, upload, one document with its versions, rename and move. */
export const documentRoutes = new Hono<AppEnv>()

documentRoutes.get(
  '/:orgId/folders/:folderId/documents',
  describeRoute({ summary: 'The documents of a folder', tags: ['documents'] }),
  valid('param', FolderParams),
  valid('query', FolderListQuery),
  async (c) => {
    const { orgId, folderId } = c.req.valid('param')
    const org = await orgFor(c, orgId)
    const { facts } = await folderFor(c, org, folderId, 'documents.read')
    const withDeleted = c.req.valid('query').deleted === '1'
    if (withDeleted) demand(c, org, 'documents.restore', facts)
    let q = c
      .get('deps')
      .db.selectFrom('documents as d')
      .innerJoin('document_versions as v', (j) =>
        j.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.current_version'),
      )
      .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'v.file_id').onRef('f.org_id', '=', 'v.org_id'))
      .select([
        'd.id',
        'd.title',
        'd.language',
        'd.current_version as version',
        'd.updated_at as updatedAt',
        'd.deleted_at as deletedAt',
        'f.name as fileName',
        'f.mime',
        'f.size',
      ])
      .where('d.org_id', '=', org.id)
      .where('d.folder_id', '=', folderId)
    if (!withDeleted) q = q.where('d.deleted_at', 'is', null)
    const documents = await q.orderBy('d.title').execute()
    return c.json({
      documents: documents.map((d) => ({ ...d, size: Number(d.size) })),
      abilities: abilities(c, org, facts),
    })
  },
)

documentRoutes.post(
  '/:orgId/folders/:folderId/documents',
  describeRoute({
    summary: 'Upload a new document: the request body is the file (streamed, at most MAX_UPLOAD_MB)',
    tags: ['documents'],
  }),
  valid('param', FolderParams),
  valid('query', UploadQuery),
  async (c) => {
    const { orgId, folderId } = c.req.valid('param')
    const query = c.req.valid('query')
    const org = await orgFor(c, orgId)
    await folderFor(c, org, folderId, 'documents.manage')
    const { db, config } = c.get('deps')
    const actorId = c.get('session').userId
    await takeUploadSlot(db, actorId, config.uploadRate)
    const blob = await storeUpload(config.filesDir, c.req.raw.body, config.maxUploadBytes)
    const title = query.title ?? query.name.replace(/\.[^.]{1,8}$/, '')
    const id = await db.transaction().execute(async (trx) => {
      const doc = await trx
        .insertInto('documents')
        .values({ org_id: org.id, folder_id: folderId, title, language: query.language, created_by: actorId })
        .returning('id')
        .executeTakeFirstOrThrow()
      await addVersion(trx, {
        orgId: org.id,
        documentId: doc.id,
        version: 1,
        actorId,
        name: query.name,
        blob,
      })
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'document.uploaded',
        targetType: 'document',
        targetId: doc.id,
        details: { folderId, title, name: query.name, size: blob.size, mime: blob.mime, sha256: blob.sha256 },
      })
      await enqueue(trx, org.id, 'document.changed', doc.id)
      return doc.id
    })
    return c.json({ id, version: 1, mime: blob.mime, size: blob.size }, 201)
  },
)

documentRoutes.get(
  '/:orgId/documents/:documentId',
  describeRoute({ summary: 'A document with every version (who, when, size)', tags: ['documents'] }),
  valid('param', DocumentParams),
  async (c) => {
    const { orgId, documentId } = c.req.valid('param')
    const org = await orgFor(c, orgId)
    const { doc, facts } = await documentFor(c, org, documentId, 'documents.read')
    const versions = await c
      .get('deps')
      .db.selectFrom('document_versions as v')
      .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'v.file_id').onRef('f.org_id', '=', 'v.org_id'))
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .select([
        'v.version',
        'v.created_at as createdAt',
        'v.created_by as createdBy',
        'u.name as createdByName',
        'f.name as fileName',
        'f.mime',
        'f.size',
        'v.extract_error as extractError',
      ])
      .where('v.document_id', '=', doc.id)
      .where('v.org_id', '=', org.id)
      .orderBy('v.version', 'desc')
      .execute()
    return c.json({
      document: {
        id: doc.id,
        folderId: doc.folder_id,
        title: doc.title,
        language: doc.language,
        currentVersion: doc.current_version,
        createdAt: doc.created_at,
        updatedAt: doc.updated_at,
        deleted: doc.deleted_at !== null,
      },
      versions: versions.map((v) => ({ ...v, size: Number(v.size) })),
      abilities: abilities(c, org, facts),
    })
  },
)

documentRoutes.patch(
  '/:orgId/documents/:documentId',
  describeRoute({ summary: 'Rename a document or move it to another folder', tags: ['documents'] }),
  valid('param', DocumentParams),
  valid('json', DocumentPatchBody),
  async (c) => {
    const { orgId, documentId } = c.req.valid('param')
    const body = c.req.valid('json')
    const org = await orgFor(c, orgId)
    const { doc } = await documentFor(c, org, documentId, 'documents.manage')
    if (body.folderId) await folderFor(c, org, body.folderId, 'documents.manage')
    const actorId = c.get('session').userId
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('documents')
          .set({
            ...(body.title !== undefined ? { title: body.title } : {}),
            ...(body.folderId !== undefined ? { folder_id: body.folderId } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', doc.id)
          .where('org_id', '=', org.id)
          .execute()
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'document.updated',
          targetType: 'document',
          targetId: doc.id,
          details: { before: { title: doc.title, folderId: doc.folder_id }, after: body },
        })
        await enqueue(trx, org.id, 'document.changed', doc.id)
      })
    return c.json({ ok: true })
  },
)
