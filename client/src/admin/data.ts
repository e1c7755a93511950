import { query } from '@solidjs/router'
import type { OrgKind } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation } from '../ui/mutation.ts'

export interface AdminOrg {
  id: string
  name: string
  kind: OrgKind
  status: 'active' | 'suspended'
  businessId: string | null
  managedBy: string | null
}

/** Every organisation on the platform (/api/admin/orgs). */
export const getAllOrgs = query(
  () => api.get<{ organisations: AdminOrg[] }>('/admin/orgs').then((r) => r.organisations),
  'admin-orgs',
)

/** A new or suspended organisation changes the list and the admin's own organisation picker. */
const orgsAndMe = () => [getAllOrgs.key, getMe.key]

export const createOrgAction = mutation(
  'admin-create-org',
  async (body: { kind: string; name: string; businessId?: string; address?: string }) => {
    await api.post('/onboarding/organisations', body)
    return true
  },
  orgsAndMe,
)
/** `also`: further queries the caller's page shows (an organisation's own page, for one). */
export const setOrgStatusAction = mutation(
  'admin-org-status',
  async (orgId: string, status: 'active' | 'suspended', reason: string, _also: string[] = []) => {
    await api.put(`/orgs/${orgId}/status`, { status, reason })
    return true
  },
  (_org, _status, _reason, also = []) => [...orgsAndMe(), ...also],
)
