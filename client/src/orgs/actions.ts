import { api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation, succeeded } from '../ui/mutation.ts'
import { getInvitations, getMembers, getOrgStructure } from './data.ts'
import { itemPath, type StructureKind } from './structureApi.ts'

/**
 * An organisation's changes as router actions (ui/mutation.ts): each names the queries it
 * changes, and the router refetches those before the form hears it succeeded.
 */
const structure = () => [getOrgStructure.key]

/** The name shows in the menu and the organisation switcher too. */
export const saveDetailsAction = mutation(
  'org-details',
  succeeded((orgId: string, body: Record<string, string | number>) => api.patch(`/orgs/${orgId}`, body)),
  () => [getMe.key, getOrgStructure.key],
)
export const editItemAction = mutation(
  'org-structure-edit',
  succeeded((orgId: string, kind: StructureKind, id: string, body: Record<string, unknown>) =>
    api.patch(itemPath(orgId, kind, id), body),
  ),
  structure,
)
export const removeItemAction = mutation(
  'org-structure-remove',
  succeeded((orgId: string, kind: StructureKind, id: string) => api.delete(itemPath(orgId, kind, id))),
  structure,
)
export const restoreItemAction = mutation(
  'org-structure-restore',
  succeeded((orgId: string, kind: StructureKind, id: string) =>
    api.post(`${itemPath(orgId, kind, id)}/restore`),
  ),
  structure,
)
export const addStaircaseAction = mutation(
  'org-structure-add-staircase',
  succeeded((orgId: string, buildingId: string, name: string) =>
    api.post(`/orgs/${orgId}/buildings/${buildingId}/staircases`, { name }),
  ),
  structure,
)
/** The caller's own access to the cooperative ends with it. */
export const handoverAction = mutation(
  'org-handover',
  succeeded((orgId: string, to: string, reason: string) =>
    api.post(`/orgs/${orgId}/handover`, { to, reason }),
  ),
  () => [getMe.key],
)

export type MemberChange =
  | { kind: 'role'; memberId: string; role: string }
  | { kind: 'remove'; memberId: string }
  | { kind: 'revoke'; invitationId: string }
export const changeMemberAction = mutation(
  'org-member-change',
  succeeded((orgId: string, change: MemberChange) => {
    const base = `/orgs/${orgId}`
    if (change.kind === 'role') return api.patch(`${base}/members/${change.memberId}`, { role: change.role })
    if (change.kind === 'remove') return api.delete(`${base}/members/${change.memberId}`)
    return api.delete(`${base}/invitations/${change.invitationId}`)
  }),
  () => [getMembers.key, getInvitations.key],
)
export const inviteAction = mutation(
  'org-invite',
  succeeded((orgId: string, body: Record<string, string>) => api.post(`/orgs/${orgId}/invitations`, body)),
  () => [getInvitations.key],
)
