import type { Context } from 'hono'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { EXTRACTABLE_TYPES } from '../../indexer/extract/formats.ts'
import {
  DocumentParams,
  DocumentPatchBody,
  DownloadQuery,
  FolderCreateBody,
  FolderListQuery,
  FolderParams,
  FolderPatchBody,
  OrgParam,
  UploadQuery,
  VersionParams,
  VersionUploadQuery,
} from '../../schema/api/documents.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, FOLDER_ACTIONS, type FolderAction, type FolderFacts, type OrgRef } from '../../schema/policy.ts'
import { audit } from '../admin/audit.ts'
import { loadOrgRef } from '../auth/principal.ts'
import type { DB } from '../db/connect.ts'
import { fileResponse } from '../files/download.ts'
import { DEFAULT_MAX_UPLOAD, storeUpload } from '../files/storage.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { enqueue, type FolderRow, folderChain, folderFacts, folderSubtree } from './repository.ts'

/**
 * Document folders, documents and their versions under `/api/documents/:orgId/...`. Every
 * handler loads the organisation and the folder chain from the database and asks `can()`:
 * someone outside the organisation gets 404, a member the folder is not for gets 403.
 */
export const documentRoutes = new Hono<AppEnv>()
documentRoutes.use(requireAuth)

type Ctx = Context<AppEnv>

/** Upload routes take the file as the raw body; the app's small-body limit must not apply to them. */
export const isUploadRequest = (method: string, path: string) =>
  method === 'POST' &&
  /^\/api\/documents\/[^/]+\/(folders\/[^/]+\/documents|documents\/[^/]+\/versions)$/.test(path)

async function orgFor(c: Ctx, orgId: string): Promise<OrgRef> {
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (!org || !can(c.get('principal'), 'documents.read', { type: 'folder', org, folder: null })) {
    throw notFound('The organisation')
  }
  return org
}

function demand(c: Ctx, org: OrgRef, action: FolderAction, folder: FolderFacts | null) {
  if (!can(c.get('principal'), action, { type: 'folder', org, folder })) {
    throw new AppError('forbidden', 'Your role does not allow that for this folder.')
  }
}

async function folderFor(c: Ctx, org: OrgRef, folderId: string, action: FolderAction) {
  const chain = await folderChain(c.get('deps').db, org.id, folderId)
  const self = chain.at(-1)
  if (!self) throw notFound('The folder')
  const facts = folderFacts(chain)
  // What was deleted does not exist for those who cannot restore it.
  if (
    facts.deleted &&
    !can(c.get('principal'), 'documents.restore', { type: 'folder', org, folder: facts })
  ) {
    throw notFound('The folder')
  }
  demand(c, org, action, facts)
  return { self, chain, facts }
}

async function documentFor(c: Ctx, org: OrgRef, documentId: string, action: FolderAction) {
  const doc = await c
    .get('deps')
    .db.selectFrom('documents')
    .selectAll()
    .where('id', '=', documentId)
    .where('org_id', '=', org.id)
    .executeTakeFirst()
  if (!doc) throw notFound('The document')
  const { facts } = await folderFor(c, org, doc.folder_id, action)
  // A deleted document is like a deleted folder: only those who may restore it see it.
  if (
    doc.deleted_at &&
    !can(c.get('principal'), 'documents.restore', { type: 'folder', org, folder: facts })
  ) {
    throw notFound('The document')
  }
  return { doc, facts }
}

const abilities = (c: Ctx, org: OrgRef, folder: FolderFacts | null) =>
  FOLDER_ACTIONS.filter((a) => can(c.get('principal'), a, { type: 'folder', org, folder }))

async function checkBuilding(db: DB, orgId: string, buildingId: string | null) {
  if (!buildingId) return
  const b = await db
    .selectFrom('buildings')
    .select('id')
    .where('id', '=', buildingId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!b) throw new AppError('validation_failed', 'buildingId: no such building in this organisation.')
}

const folderJson = (f: FolderRow, facts: FolderFacts, abilitiesList: FolderAction[]) => ({
  id: f.id,
  parentId: f.parent_id,
  name: f.name,
  visibility: { roles: f.visible_roles, groups: f.visible_groups, buildingId: f.building_id },
  audience: facts.audience.roles,
  deleted: f.deleted_at !== null,
  abilities: abilitiesList,
})

// ── Folders ────────────────────────────────────────────────────────────────────────────────

documentRoutes.get(
  '/:orgId/folders',
  describeRoute({ summary: 'The folders of an organisation the caller may see', tags: ['documents'] }),
  valid('param', OrgParam),
  valid('query', FolderListQuery),
  async (c) => {
    const org = await orgFor(c, c.req.valid('param').orgId)
    const withDeleted = c.req.valid('query').deleted === '1'
    if (withDeleted) demand(c, org, 'documents.restore', null)
    const rows = await sql<FolderRow>`
      SELECT id, org_id, parent_id, name, visible_roles, visible_groups, building_id, deleted_at
      FROM document_folders WHERE org_id = ${org.id} ORDER BY name`.execute(c.get('deps').db)
    const byId = new Map(rows.rows.map((f) => [f.id, f]))
    const chainOf = (f: FolderRow) => {
      const chain: FolderRow[] = []
      for (
        let cur: FolderRow | undefined = f;
        cur && chain.length < 32;
        cur = cur.parent_id ? byId.get(cur.parent_id) : undefined
      ) {
        chain.unshift(cur)
      }
      return chain
    }
    const folders = []
    for (const f of rows.rows) {
      const facts = folderFacts(chainOf(f))
      if (facts.deleted && !withDeleted) continue
      if (!can(c.get('principal'), 'documents.read', { type: 'folder', org, folder: facts })) continue
      folders.push(folderJson(f, facts, abilities(c, org, facts)))
    }
    return c.json({ folders, abilities: abilities(c, org, null) })
  },
)

documentRoutes.post(
  '/:orgId/folders',
  describeRoute({ summary: 'Create a folder (at the root or inside another)', tags: ['documents'] }),
  valid('param', OrgParam),
  valid('json', FolderCreateBody),
  async (c) => {
    const org = await orgFor(c, c.req.valid('param').orgId)
    const body = c.req.valid('json')
    if (body.parentId) await folderFor(c, org, body.parentId, 'documents.manage')
    else demand(c, org, 'documents.manage', null)
    const { db } = c.get('deps')
    await checkBuilding(db, org.id, body.visibility.buildingId)
    const actorId = c.get('session').userId
    const folder = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('document_folders')
        .values({
          org_id: org.id,
          parent_id: body.parentId,
          name: body.name,
          visible_roles: body.visibility.roles,
          visible_groups: body.visibility.groups,
          building_id: body.visibility.buildingId,
          created_by: actorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'folder.created',
        targetType: 'folder',
        targetId: row.id,
        details: { name: body.name, parentId: body.parentId, visibility: body.visibility },
      })
      await enqueue(trx, org.id, 'folder.changed', row.id)
      return row
    })
    return c.json({ id: folder.id }, 201)
  },
)

documentRoutes.patch(
  '/:orgId/folders/:folderId',
  describeRoute({ summary: 'Rename, move or change the visibility of a folder', tags: ['documents'] }),
  valid('param', FolderParams),
  valid('json', FolderPatchBody),
  async (c) => {
    const { orgId, folderId } = c.req.valid('param')
    const body = c.req.valid('json')
    const org = await orgFor(c, orgId)
    const { self } = await folderFor(c, org, folderId, 'documents.manage')
    const { db } = c.get('deps')
    if (body.parentId !== undefined && body.parentId !== null) {
      await folderFor(c, org, body.parentId, 'documents.manage')
      if ((await folderSubtree(db, org.id, folderId)).includes(body.parentId)) {
        throw new AppError('validation_failed', 'parentId: a folder cannot move inside itself.')
      }
    } else if (body.parentId === null) demand(c, org, 'documents.manage', null)
    if (body.visibility) await checkBuilding(db, org.id, body.visibility.buildingId)
    const actorId = c.get('session').userId
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('document_folders')
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.parentId !== undefined ? { parent_id: body.parentId } : {}),
          ...(body.visibility
            ? {
                visible_roles: body.visibility.roles,
                visible_groups: body.visibility.groups,
                building_id: body.visibility.buildingId,
              }
            : {}),
        })
        .where('id', '=', folderId)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'folder.updated',
        targetType: 'folder',
        targetId: folderId,
        details: {
          before: {
            name: self.name,
            parentId: self.parent_id,
            visibility: {
              roles: self.visible_roles,
              groups: self.visible_groups,
              buildingId: self.building_id,
            },
          },
          after: body,
        },
      })
      await enqueue(trx, org.id, 'folder.changed', folderId)
    })
    return c.json({ ok: true })
  },
)

async function setFolderDeleted(c: Ctx, deleted: boolean) {
  const { orgId, folderId } = c.req.param() as { orgId: string; folderId: string }
  const org = await orgFor(c, orgId)
  await folderFor(c, org, folderId, deleted ? 'documents.manage' : 'documents.restore')
  const actorId = c.get('session').userId
  await c
    .get('deps')
    .db.transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('document_folders')
        .set(
          deleted ? { deleted_at: new Date(), deleted_by: actorId } : { deleted_at: null, deleted_by: null },
        )
        .where('id', '=', folderId)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: deleted ? 'folder.deleted' : 'folder.restored',
        targetType: 'folder',
        targetId: folderId,
      })
      await enqueue(trx, org.id, 'folder.changed', folderId)
    })
  return c.json({ ok: true })
}

documentRoutes.delete(
  '/:orgId/folders/:folderId',
  describeRoute({ summary: 'Delete a folder (soft: staff can restore it)', tags: ['documents'] }),
  valid('param', FolderParams),
  (c) => setFolderDeleted(c, true),
)
documentRoutes.post(
  '/:orgId/folders/:folderId/restore',
  describeRoute({ summary: 'Restore a deleted folder', tags: ['documents'] }),
  valid('param', FolderParams),
  (c) => setFolderDeleted(c, false),
)

// ── Documents ───────────────────────────────────────────────────────────────────────────────

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

async function addVersion(
  trx: DB,
  args: {
    orgId: string
    documentId: string
    version: number
    actorId: string
    name: string
    blob: Awaited<ReturnType<typeof storeUpload>>
  },
) {
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

const maxUpload = () => DEFAULT_MAX_UPLOAD

documentRoutes.post(
  '/:orgId/folders/:folderId/documents',
  describeRoute({
    summary: 'Upload a new document: the request body is the file (streamed, at most 25 MB)',
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
    const blob = await storeUpload(config.filesDir, c.req.raw.body, maxUpload())
    const actorId = c.get('session').userId
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

documentRoutes.post(
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
    const blob = await storeUpload(config.filesDir, c.req.raw.body, maxUpload())
    const actorId = c.get('session').userId
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

documentRoutes.get(
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

documentRoutes.get(
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

async function setDocumentDeleted(c: Ctx, deleted: boolean) {
  const { orgId, documentId } = c.req.param() as { orgId: string; documentId: string }
  const org = await orgFor(c, orgId)
  const { doc } = await documentFor(c, org, documentId, deleted ? 'documents.manage' : 'documents.restore')
  const actorId = c.get('session').userId
  await c
    .get('deps')
    .db.transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('documents')
        .set(
          deleted ? { deleted_at: new Date(), deleted_by: actorId } : { deleted_at: null, deleted_by: null },
        )
        .where('id', '=', doc.id)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: deleted ? 'document.deleted' : 'document.restored',
        targetType: 'document',
        targetId: doc.id,
        details: { title: doc.title },
      })
      await enqueue(trx, org.id, 'document.changed', doc.id)
    })
  return c.json({ ok: true })
}

documentRoutes.delete(
  '/:orgId/documents/:documentId',
  describeRoute({ summary: 'Delete a document (soft: staff can restore it)', tags: ['documents'] }),
  valid('param', DocumentParams),
  (c) => setDocumentDeleted(c, true),
)
documentRoutes.post(
  '/:orgId/documents/:documentId/restore',
  describeRoute({ summary: 'Restore a deleted document', tags: ['documents'] }),
  valid('param', DocumentParams),
  (c) => setDocumentDeleted(c, false),
)
