import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  DocumentParams,
  DownloadQuery,
  VersionParams,
  VersionUploadQuery,
} from '../../schema/api/documents.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { enqueue } from '../../server/access/folders.ts'
import { EXTRACTABLE_TYPES } from '../../server/files/formats.ts'
import { storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { fileResponse } from '../files/download.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { documentFor, orgFor } from './access.ts'
import { addVersion } from './versions.ts'

/** Versions: upload a new one (older ones are kept), download any, and the extracted text. */
export const versionRoutes = new Hono<AppEnv>()

versionRoutes.post(
  '/:orgId/documents/:documentId/versions',
  describeRoute({ summary: 'Upload a new version; every older version is kept', tags: ['documents'] }),
  valid('param', DocumentParams),
  valid('query', VersionUploadQuery),
  async (c) => {
    const { orgId, documentId } = c.req.valid('param')
    const org = await orgFor(c, orgId)
    const { doc } = await documentFor(c, org, documentId, 'documents.manage')
    if (doc.deleted_at) throw new AppError('conflict', 'Restore the document before adding a version.')
    const { db, config } = c.get('deps')
    const actorId = c.get('session').userId
    await takeUploadSlot(db, actorId, config.uploadRate)
    const blob = await storeUpload(config.filesDir, c.req.raw.body, config.maxUploadBytes)
    const name = c.req.valid('query').name
    const version = await db.transaction().execute(async (trx) => {
      // Row lock: two concurrent uploads get versions n+1 and n+2, never the same number.
      const current = await trx
        .selectFrom('documents')
        .select('current_version')
        .where('id', '=', doc.id)
        .where('org_id', '=', org.id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      const next = current.current_version + 1
      await addVersion(trx, { orgId: org.id, documentId: doc.id, version: next, actorId, name, blob })
      await trx
        .updateTable('documents')
        .set({ current_version: next, updated_at: new Date() })
        .where('id', '=', doc.id)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'document.version_added',
        targetType: 'document',
        targetId: doc.id,
        details: { version: next, name, size: blob.size, mime: blob.mime, sha256: blob.sha256 },
      })
      await enqueue(trx, org.id, 'document.changed', doc.id)
      return next
    })
    return c.json({ id: doc.id, version, mime: blob.mime, size: blob.size }, 201)
  },
)

versionRoutes.get(
  '/:orgId/documents/:documentId/versions/:version/download',
  describeRoute({
    summary: 'Download a version (attachment; ?inline=1 shows raster images and PDF in the browser)',
    tags: ['documents'],
  }),
  valid('param', VersionParams),
  valid('query', DownloadQuery),
  async (c) => {
    const { orgId, documentId, version } = c.req.valid('param')
    const org = await orgFor(c, orgId)
    const { doc } = await documentFor(c, org, documentId, 'documents.read')
    const file = await c
      .get('deps')
      .db.selectFrom('document_versions as v')
      .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'v.file_id').onRef('f.org_id', '=', 'v.org_id'))
      .select(['f.sha256', 'f.size', 'f.mime', 'f.name'])
      .where('v.document_id', '=', doc.id)
      .where('v.org_id', '=', org.id)
      .where('v.version', '=', version)
      .executeTakeFirst()
    if (!file) throw notFound('That version')
    return fileResponse(c, file, c.req.valid('query').inline === '1')
  },
)

versionRoutes.get(
  '/:orgId/documents/:documentId/text',
  describeRoute({
    summary: 'Text extracted from the current version (preview of Office files)',
    tags: ['documents'],
  }),
  valid('param', DocumentParams),
  async (c) => {
    const { orgId, documentId } = c.req.valid('param')
    const org = await orgFor(c, orgId)
    const { doc } = await documentFor(c, org, documentId, 'documents.read')
    const v = await c
      .get('deps')
      .db.selectFrom('document_versions as v')
      .innerJoin('files as f', (j) => j.onRef('f.id', '=', 'v.file_id').onRef('f.org_id', '=', 'v.org_id'))
      .select(['v.extracted_text', 'v.extracted_at', 'v.extract_error', 'f.mime'])
      .where('v.document_id', '=', doc.id)
      .where('v.org_id', '=', org.id)
      .where('v.version', '=', doc.current_version)
      .executeTakeFirstOrThrow()
    return c.json({
      version: doc.current_version,
      extractable: EXTRACTABLE_TYPES.includes(v.mime),
      status: v.extracted_at ? (v.extract_error ? 'failed' : 'ready') : 'pending',
      text: v.extracted_text ?? '',
      error: v.extract_error,
    })
  },
)
