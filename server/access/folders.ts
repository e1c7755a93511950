import { sql } from 'kysely'
import { type FolderFacts, type FolderVisibility, folderAudience } from '../../schema/policy.ts'
import type { Role, RoleGroup } from '../../schema/roles.ts'
import type { DB } from '../db/connect.ts'
import { enqueue as enqueueOutbox } from '../outbox/enqueue.ts'

/** Folder and document reads shared by the documents API and the indexer. Always org-scoped. */

export interface FolderRow {
  id: string
  org_id: string
  parent_id: string | null
  name: string
  visible_roles: Role[]
  visible_groups: RoleGroup[]
  building_id: string | null
  deleted_at: Date | null
}

/** The folder and its ancestors, root first; empty when the folder is not in this organisation. */
export async function folderChain(db: DB, orgId: string, folderId: string): Promise<FolderRow[]> {
  const rows = await sql<FolderRow & { depth: number }>`
    WITH RECURSIVE chain AS (
      SELECT f.*, 0 AS depth FROM document_folders f WHERE f.id = ${folderId} AND f.org_id = ${orgId}
      UNION ALL
      SELECT p.*, c.depth + 1 FROM document_folders p
      JOIN chain c ON p.id = c.parent_id AND p.org_id = c.org_id
      WHERE c.depth < 32
    )
    SELECT id, org_id, parent_id, name, visible_roles, visible_groups, building_id, deleted_at, depth
    FROM chain ORDER BY depth DESC`.execute(db)
  return rows.rows.map((r) => ({
    ...r,
    visible_roles: pgArray(r.visible_roles),
    visible_groups: pgArray(r.visible_groups),
  }))
}

/** text[] arrives as an array from both drivers, but be lenient with the '{a,b}' literal form. */
function pgArray<T extends string>(value: T[] | string): T[] {
  if (Array.isArray(value)) return value
  const inner = value.replace(/^\{|\}$/g, '')
  return inner === '' ? [] : (inner.split(',') as T[])
}

export const visibilityOf = (f: FolderRow): FolderVisibility => ({
  roles: f.visible_roles,
  groups: f.visible_groups,
  buildingId: f.building_id,
})

/** What the policy needs about a folder: its effective audience and whether it (or a parent) is deleted. */
export function folderFacts(chain: readonly FolderRow[]): FolderFacts {
  return {
    audience: folderAudience(chain.map(visibilityOf)),
    deleted: chain.some((f) => f.deleted_at !== null),
  }
}

/** Ids of a folder and every folder below it. */
export async function folderSubtree(db: DB, orgId: string, folderId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE tree AS (
      SELECT id, 0 AS depth FROM document_folders WHERE id = ${folderId} AND org_id = ${orgId}
      UNION ALL
      SELECT f.id, t.depth + 1 FROM document_folders f JOIN tree t ON f.parent_id = t.id
      WHERE f.org_id = ${orgId} AND t.depth < 32
    )
    SELECT id FROM tree`.execute(db)
  return rows.rows.map((r) => r.id)
}

/** Writes the indexer's work in the caller's transaction. */
export async function enqueue(
  trx: DB,
  orgId: string,
  topic: 'document.changed' | 'folder.changed',
  entityId: string,
): Promise<void> {
  await enqueueOutbox(trx, topic, { orgId, entityId, payload: { orgId } })
}
