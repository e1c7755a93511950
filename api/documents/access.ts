import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, FOLDER_ACTIONS, type FolderAction, type FolderFacts, type OrgRef } from '../../schema/policy.ts'
import { folderChain, folderFacts } from '../../server/access/folders.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * The access checks every documents handler starts with. Each loads the organisation and the
 * folder chain from the database and asks `can()`: someone outside the organisation gets 404,
 * a member the folder is not for gets 403, and what was deleted is 404 to those who cannot
 * restore it.
 */
export type Ctx = Context<AppEnv>

export async function orgFor(c: Ctx, orgId: string): Promise<OrgRef> {
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (!org || !can(c.get('principal'), 'documents.read', { type: 'folder', org, folder: null })) {
    throw notFound('The organisation')
  }
  return org
}

export function demand(c: Ctx, org: OrgRef, action: FolderAction, folder: FolderFacts | null) {
  if (!can(c.get('principal'), action, { type: 'folder', org, folder })) {
    throw new AppError('forbidden', 'Your role does not allow that for this folder.')
  }
}

export async function folderFor(c: Ctx, org: OrgRef, folderId: string, action: FolderAction) {
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

export async function documentFor(c: Ctx, org: OrgRef, documentId: string, action: FolderAction) {
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

/** What the caller may do here, so the client shows only those controls. */
export const abilities = (c: Ctx, org: OrgRef, folder: FolderFacts | null) =>
  FOLDER_ACTIONS.filter((a) => can(c.get('principal'), a, { type: 'folder', org, folder }))

/** A folder's building must belong to the same organisation. */
export async function checkBuilding(db: DB, orgId: string, buildingId: string | null) {
  if (!buildingId) return
  const b = await db
    .selectFrom('buildings')
    .select('id')
    .where('id', '=', buildingId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!b) throw new AppError('validation_failed', 'buildingId: no such building in this organisation.')
}
