import { describe, expect, it } from 'vitest'
import { can, type OrgRef, type Principal } from '../policy.ts'
import { type OrgKind, ROLES, type Role } from '../roles.ts'
import type { FinanceAction } from './finance.ts'

const MGMT: OrgRef = { id: 'mgmt', kind: 'management_company', status: 'active', managedBy: null }
const COOP: OrgRef = { id: 'coop', kind: 'housing_cooperative', status: 'active', managedBy: 'mgmt' }
const PORTFOLIO: OrgRef = { id: 'pf', kind: 'investor_portfolio', status: 'active', managedBy: null }
const OTHER_PORTFOLIO: OrgRef = { id: 'pf2', kind: 'investor_portfolio', status: 'active', managedBy: null }
const SUPPLIER: OrgRef = { id: 'sup', kind: 'partner_company', status: 'active', managedBy: null }
const OTHER_SUPPLIER: OrgRef = { id: 'sup2', kind: 'partner_company', status: 'active', managedBy: null }

function principal(
  orgId: string,
  orgKind: OrgKind,
  role: Role,
  apartmentId: string | null = null,
): Principal {
  return {
    userId: 'u',
    platformAdmin: false,
    mfaVerified: true,
    memberships: [{ orgId, orgKind, role, buildingId: null, apartmentId }],
  }
}

const ask = (p: Principal, action: FinanceAction, extra: object = {}) =>
  can(p, action, { type: 'finance', org: COOP, ...extra })

describe('finance policy', () => {
  it('the cooperative finance: board, manager, accountant and auditor read; nobody else', () => {
    const readers = ROLES.filter((r) => ask(principal('coop', 'housing_cooperative', r), 'finance.read'))
    expect(readers).toEqual(['board_member', 'property_manager', 'accountant', 'auditor'])
    // Staff of the managing company act with their company role.
    expect(ask(principal('mgmt', 'management_company', 'accountant'), 'finance.read')).toBe(true)
    expect(ask(principal('mgmt', 'management_company', 'maintenance_staff'), 'finance.read')).toBe(false)
    expect(ask(principal('other', 'housing_cooperative', 'board_member'), 'finance.read')).toBe(false)
  })

  it('manual payments and credits: accountant and manager; decisions: the board; the auditor only reads', () => {
    const recorders = ROLES.filter((r) => ask(principal('coop', 'housing_cooperative', r), 'finance.record'))
    expect(recorders).toEqual(['property_manager', 'accountant'])
    const approvers = ROLES.filter((r) => ask(principal('coop', 'housing_cooperative', r), 'finance.approve'))
    expect(approvers).toEqual(['board_member'])
  })

  it('an apartment: its owner and owner representative, not the resident, not another apartment', () => {
    const apartment = { id: 'a1', heldBy: [] }
    for (const role of ['owner', 'owner_representative'] as const) {
      expect(
        ask(principal('coop', 'housing_cooperative', role, 'a1'), 'finance.apartment.read', { apartment }),
      ).toBe(true)
      expect(
        ask(principal('coop', 'housing_cooperative', role, 'a2'), 'finance.apartment.read', { apartment }),
      ).toBe(false)
      // An owner membership that names no apartment holds none.
      expect(
        ask(principal('coop', 'housing_cooperative', role), 'finance.apartment.read', { apartment }),
      ).toBe(false)
    }
    expect(
      ask(principal('coop', 'housing_cooperative', 'resident', 'a1'), 'finance.apartment.read', {
        apartment,
      }),
    ).toBe(false)
    expect(ask(principal('coop', 'housing_cooperative', 'owner', 'a1'), 'finance.read')).toBe(false)
    const suspended = { ...COOP, status: 'suspended' as const }
    const owner = principal('coop', 'housing_cooperative', 'owner', 'a1')
    expect(can(owner, 'finance.apartment.read', { type: 'finance', org: suspended, apartment })).toBe(false)
  })

  it('investor roles see the apartments their portfolio holds, nothing else', () => {
    const held = { id: 'a1', heldBy: [PORTFOLIO] }
    const heldByOther = { id: 'a1', heldBy: [OTHER_PORTFOLIO] }
    for (const role of ['investor', 'portfolio_manager', 'investor_representative'] as const) {
      const p = principal('pf', 'investor_portfolio', role)
      expect(ask(p, 'finance.apartment.read', { apartment: held })).toBe(true)
      expect(ask(p, 'finance.apartment.read', { apartment: heldByOther })).toBe(false)
      expect(ask(p, 'finance.read')).toBe(false)
    }
    expect(
      ask(principal('pf', 'investor_portfolio', 'auditor'), 'finance.apartment.read', { apartment: held }),
    ).toBe(false)
  })

  it('a supplier invoice: the readers and the contractor company that sent it', () => {
    const contractor = principal('sup', 'partner_company', 'contractor')
    expect(ask(contractor, 'finance.supplier.read', { supplier: SUPPLIER })).toBe(true)
    expect(ask(contractor, 'finance.supplier.read', { supplier: OTHER_SUPPLIER })).toBe(false)
    expect(ask(contractor, 'finance.supplier.read', { supplier: null })).toBe(false)
    expect(ask(contractor, 'finance.read')).toBe(false)
    expect(
      ask(principal('coop', 'housing_cooperative', 'auditor'), 'finance.supplier.read', { supplier: null }),
    ).toBe(true)
  })

  it('sending a supplier invoice: contractors of an engaged partner company, to an active cooperative', () => {
    const submit = (p: Principal, extra: object, org: OrgRef = COOP) =>
      can(p, 'finance.supplier.submit', { type: 'finance', org, ...extra })
    const engaged = { supplier: SUPPLIER, engaged: true }
    for (const role of ['contractor', 'contractor_representative', 'org_admin'] as const) {
      expect(submit(principal('sup', 'partner_company', role), engaged)).toBe(true)
    }
    const contractor = principal('sup', 'partner_company', 'contractor')
    // Not engaged, another company, no company, a suspended cooperative or company: no.
    expect(submit(contractor, { supplier: SUPPLIER, engaged: false })).toBe(false)
    expect(submit(contractor, { supplier: SUPPLIER })).toBe(false)
    expect(submit(contractor, { supplier: OTHER_SUPPLIER, engaged: true })).toBe(false)
    expect(submit(contractor, { supplier: null, engaged: true })).toBe(false)
    expect(submit(contractor, engaged, { ...COOP, status: 'suspended' })).toBe(false)
    expect(submit(contractor, { supplier: { ...SUPPLIER, status: 'suspended' }, engaged: true })).toBe(false)
    // The cooperative's own people do not send invoices to it; investors neither.
    for (const role of ROLES) {
      expect(submit(principal('coop', 'housing_cooperative', role), engaged)).toBe(false)
    }
    expect(submit(principal('pf', 'investor_portfolio', 'investor'), engaged)).toBe(false)
  })

  it('API keys: the organisation admin only (the managing company admin for its cooperatives)', () => {
    expect(ask(principal('mgmt', 'management_company', 'org_admin'), 'apikeys.manage')).toBe(true)
    expect(ask(principal('coop', 'housing_cooperative', 'accountant'), 'apikeys.manage')).toBe(false)
    expect(
      can(principal('mgmt', 'management_company', 'org_admin'), 'apikeys.manage', {
        type: 'finance',
        org: MGMT,
      }),
    ).toBe(true)
  })
})
