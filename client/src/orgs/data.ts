import { query } from '@solidjs/router'
import type { OrgKind, Role } from '../../../schema/roles.ts'
import { api } from '../api.ts'

export interface OrgStructure {
  organisation: {
    id: string
    name: string
    kind: OrgKind
    status: 'active' | 'suspended'
    business_id: string | null
    address: string | null
    fiscal_year_start_month: number
    managed_by: string | null
  }
  buildings: Array<{
    id: string
    name: string
    address: string | null
    staircases: Array<{ id: string; name: string }>
    apartments: Array<{
      id: string
      staircaseId: string | null
      number: string
      areaM2: number
      shareCount: number | null
    }>
  }>
}

export interface Member {
  id: string
  userId: string
  name: string
  email: string
  role: Role
  buildingId: string | null
  buildingName: string | null
  apartmentId: string | null
  apartmentNumber: string | null
  since: string
}

export interface Invitation {
  id: string
  email: string
  role: Role
  buildingId: string | null
  apartmentId: string | null
  createdAt: string
  expiresAt: string
}

export interface AuditEntry {
  id: number
  action: string
  targetType: string
  targetId: string | null
  details: Record<string, unknown>
  at: string
  actorName: string | null
  orgName?: string | null
}

export const getOrgStructure = query((id: string) => api.get<OrgStructure>(`/orgs/${id}`), 'org-structure')
export const getMembers = query(
  (id: string) => api.get<{ members: Member[] }>(`/orgs/${id}/members`).then((r) => r.members),
  'org-members',
)
export const getInvitations = query(
  (id: string) =>
    api.get<{ invitations: Invitation[] }>(`/orgs/${id}/invitations`).then((r) => r.invitations),
  'org-invitations',
)
