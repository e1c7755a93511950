import { describe, expect, it } from 'vitest'
import { can, type OrgRef, type Principal } from '../policy.ts'
import { REPORT_IDS, type ReportId } from '../reports/common.ts'
import type { OrgKind, Role } from '../roles.ts'
import { canManageHoldings, ownApartments, reportScope, reportsIn } from './reports.ts'

const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const SUSPENDED: OrgRef = { ...COOP, status: 'suspended' }
const PORTFOLIO: OrgRef = { id: 'pf', kind: 'investor_portfolio', status: 'active', managedBy: null }
const PARTNER: OrgRef = { id: 'sup', kind: 'partner_company', status: 'active', managedBy: null }

const principal = (
  orgId: string,
  orgKind: OrgKind,
  role: Role,
  apartmentId: string | null = null,
): Principal => ({
  userId: 'u',
  platformAdmin: false,
  mfaVerified: true,
  memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId }],
})
const available = (p: Principal, org: OrgRef) => reportsIn(p, org, REPORT_IDS)

describe('report policy', () => {
  it('cooperative readers read reports 1–3; the board and manager also the project reports', () => {
    expect(available(principal('coop', 'housing_cooperative', 'board_member'), COOP)).toEqual([
      'buildings',
      'balance',
      'billing',
      'progress',
      'economics',
      'service',
    ])
    expect(available(principal('coop', 'housing_cooperative', 'accountant'), COOP)).toEqual([
      'buildings',
      'balance',
      'billing',
    ])
    expect(available(principal('coop', 'housing_cooperative', 'auditor'), COOP)).toEqual([
      'buildings',
      'balance',
      'billing',
    ])
    // Staff of the management company act with their role in the cooperatives it runs.
    expect(available(principal('mgmt', 'management_company', 'property_manager'), COOP)).toContain('balance')
  })

  it('owners get their own view of reports 1–3 and only their apartments; residents nothing', () => {
    const owner = principal('coop', 'housing_cooperative', 'owner', 'a1')
    for (const r of ['buildings', 'balance', 'billing'] as ReportId[])
      expect(reportScope(owner, r, COOP)).toBe('own')
    expect(reportScope(owner, 'progress', COOP)).toBeNull()
    expect(ownApartments(owner, COOP)).toEqual(['a1'])
    expect(ownApartments(owner, SUSPENDED)).toEqual([])
    expect(reportScope(owner, 'balance', SUSPENDED)).toBeNull()
    expect(available(principal('coop', 'housing_cooperative', 'resident', 'a1'), COOP)).toEqual([])
  })

  it('investor reports in the portfolio only, for its investor roles and auditor', () => {
    for (const role of ['investor', 'portfolio_manager', 'investor_representative', 'auditor'] as Role[]) {
      expect(available(principal('pf', 'investor_portfolio', role), PORTFOLIO)).toEqual([
        'portfolio',
        'performance',
        'risks',
        'operations',
      ])
    }
    const investor = principal('pf', 'investor_portfolio', 'investor')
    expect(available(investor, COOP)).toEqual([])
    expect(available(principal('pf', 'investor_portfolio', 'org_admin'), PORTFOLIO)).toEqual([])
    expect(available(principal('pf2', 'investor_portfolio', 'investor'), PORTFOLIO)).toEqual([])
    expect(can(investor, 'report.read', { type: 'report', report: 'portfolio', org: PORTFOLIO })).toBe(true)
    expect(can(investor, 'report.read', { type: 'report', report: 'balance', org: PORTFOLIO })).toBe(false)
  })

  it('contractors read the project reports in their own company', () => {
    const contractor = principal('sup', 'partner_company', 'contractor')
    expect(available(contractor, PARTNER)).toEqual(['progress', 'economics'])
    expect(available(contractor, COOP)).toEqual([])
  })

  it('holdings are managed by the portfolio admin and manager, not by investors', () => {
    expect(canManageHoldings(principal('pf', 'investor_portfolio', 'org_admin'), PORTFOLIO)).toBe(true)
    expect(canManageHoldings(principal('pf', 'investor_portfolio', 'portfolio_manager'), PORTFOLIO)).toBe(
      true,
    )
    expect(canManageHoldings(principal('pf', 'investor_portfolio', 'investor'), PORTFOLIO)).toBe(false)
    expect(canManageHoldings(principal('coop', 'housing_cooperative', 'org_admin'), COOP)).toBe(false)
  })
})
