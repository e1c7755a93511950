import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import {
  FolderCreateBody,
  FolderListQuery,
  FolderParams,
  FolderPatchBody,
  OrgParam,
} from '../../schema/api/documents.ts'
import { AppError } from '../../schema/errors.ts'
import { can, type FolderAction, type FolderFacts } from '../../schema/policy.ts'
import { enqueue, type FolderRow, folderFacts, folderSubtree } from '../../server/access/folders.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { abilities, checkBuilding, demand, folderFor, orgFor } from './access.ts'

/** Folders: list the ones the caller may read, create, and rename / move / change visibility. */
export const folderRoutes = new Hono<AppEnv>()

const folderJson = (f: FolderRow, facts: FolderFacts, abilitiesList: FolderAction[]) => ({
  id: f.id,
  parentId: f.parent_id,
  name: f.name,
  visibility: { roles: f.visible_roles, groups: f.visible_groups, buildingId: f.building_id },
  audience: facts.audience.roles,
  deleted: f.deleted_at !== null,
  abilities: abilitiesList,
})

folderRoutes.get(
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
    // One query for the whole organisation; each folder's chain is walked in memory.
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

folderRoutes.post(
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

folderRoutes.patch(
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
