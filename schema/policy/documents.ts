import { ROLE_GROUP, ROLES, type Role, type RoleGroup } from '../roles.ts'
import { type Audience, audienceAdmits, reachIn } from './audience.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal } from './principal.ts'

// Document folders: the rules (hooked into can() in schema/policy.ts).

export type FolderAction = 'documents.read' | 'documents.manage' | 'documents.restore' | 'search.use'
export const FOLDER_ACTIONS: readonly FolderAction[] = [
  'documents.read',
  'documents.manage',
  'documents.restore',
  'search.use',
]

/** Who manages the documents of an organisation: they see every folder, whatever its audience. */
export const DOCUMENT_MANAGERS: readonly Role[] = ['property_manager', 'org_admin', 'board_member']
/** Who may bring back what was deleted. */
export const DOCUMENT_RESTORERS: readonly Role[] = ['property_manager', 'org_admin']

/** One folder's own visibility as stored: roles and/or role groups (both empty: all members). */
export interface FolderVisibility {
  readonly roles: readonly Role[]
  readonly groups: readonly RoleGroup[]
  readonly buildingId: string | null
}

/**
 * The audience of a folder given its chain from the root down to itself: each level narrows
 * the one above (roles intersect; a building set anywhere applies). Document managers always
 * see every folder, so they are part of every audience.
 */
export function folderAudience(chain: readonly FolderVisibility[]): Audience {
  const restricting = chain
    .map(
      (level) =>
        new Set<Role>([...level.roles, ...ROLES.filter((r) => level.groups.includes(ROLE_GROUP[r]))]),
    )
    .filter((own) => own.size > 0)
  const buildingId = chain.reduce<string | null>((b, level) => level.buildingId ?? b, null)
  if (restricting.length === 0) return { roles: 'members', buildingId, participants: [], internal: false }
  const roles = ROLES.filter((r) => DOCUMENT_MANAGERS.includes(r) || restricting.every((own) => own.has(r)))
  return { roles, buildingId, participants: [], internal: false }
}

/** A folder as stored: its effective audience (see folderAudience) and whether it is deleted. */
export interface FolderFacts {
  readonly audience: Audience
  readonly deleted: boolean
}

/** `folder: null` asks about the organisation's documents as a whole (the root). */
export type FolderResource = { type: 'folder'; org: OrgRef; folder: FolderFacts | null }

export function canOnFolder(p: Principal, action: FolderAction, resource: FolderResource): boolean {
  const { org, folder } = resource
  if (isPlatformAdmin(p)) return (FOLDER_ACTIONS as readonly string[]).includes(action)
  const reach = reachIn(p, org)
  if (!reach) return false
  const roles = new Set(reach.roles)
  const manager = hasAny(roles, DOCUMENT_MANAGERS)
  const sees = folder === null || manager || audienceAdmits(reach, p.userId, folder.audience)
  switch (action) {
    case 'search.use':
      return true
    case 'documents.read':
      return sees && (folder === null || !folder.deleted || hasAny(roles, DOCUMENT_RESTORERS))
    case 'documents.manage':
      return manager && (folder === null || !folder.deleted)
    case 'documents.restore':
      return hasAny(roles, DOCUMENT_RESTORERS)
    default:
      return false
  }
}
