import { referenceFor } from '../../schema/finance/reference.ts'
import type { DB } from '../../server/db/connect.ts'
import {
  addMembership,
  createOrg,
  createUser,
  managedCooperative,
  member,
  signIn,
  unique,
} from '../../server/test/factories.ts'

/**
 * A cooperative with finance for the finance tests: two apartments, one person per role that
 * matters, a contractor company, an investor portfolio holding apartment A 2, and a stranger.
 */
export const IBAN = 'FI2112345600000785'
let referenceBase = 100_000 + Math.floor(Math.random() * 800_000_000)
export const nextReference = () => referenceFor(String(referenceBase++))

export async function financeWorld(db: DB) {
  const { coop, mgmt, buildingId, apartmentId: a1 } = await managedCooperative(db)
  const a2 = (
    await db
      .insertInto('apartments')
      .values({
        org_id: coop.id,
        building_id: buildingId,
        staircase_id: null,
        number: 'A 2',
        area_m2: 40,
        share_count: 400,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const scoped = async (role: 'owner' | 'owner_representative' | 'resident', apartmentId: string) => {
    const user = await createUser(db)
    await addMembership(db, coop.id, user.id, role, { buildingId, apartmentId })
    return { ...user, token: await signIn(db, user.id) }
  }
  const owner = await scoped('owner', a1)
  const ownerRep = await scoped('owner_representative', a1)
  const owner2 = await scoped('owner', a2)
  const resident = await scoped('resident', a1)
  const board = await member(db, coop.id, 'board_member')
  const auditor = await member(db, coop.id, 'auditor')
  const orgAdmin = await member(db, mgmt.id, 'org_admin')
  const accountant = await member(db, mgmt.id, 'accountant')
  const manager = await member(db, mgmt.id, 'property_manager')
  const maintenance = await member(db, mgmt.id, 'maintenance_staff')

  const supplierBusinessId = `${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}-${Math.floor(Math.random() * 10)}`
  const supplier = await db
    .insertInto('organisations')
    .values({
      kind: 'partner_company',
      name: unique('Putki Oy'),
      business_id: supplierBusinessId,
      managed_by: null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
  const contractor = await member(db, supplier.id, 'contractor')
  const supplierStaff = await member(db, supplier.id, 'maintenance_staff')
  const otherSupplier = await createOrg(db, { kind: 'partner_company' })
  const otherContractor = await member(db, otherSupplier.id, 'contractor')

  const portfolio = await createOrg(db, { kind: 'investor_portfolio' })
  await db
    .insertInto('portfolio_holdings')
    .values({ org_id: portfolio.id, cooperative_id: coop.id })
    .execute()
  await db
    .insertInto('portfolio_apartments')
    .values({ org_id: portfolio.id, cooperative_id: coop.id, apartment_id: a2 })
    .execute()
  const investor = await member(db, portfolio.id, 'investor')

  const away = await managedCooperative(db)
  const stranger = await member(db, away.coop.id, 'board_member')
  const strangerAccountant = await member(db, away.mgmt.id, 'accountant')

  return {
    coop,
    mgmt,
    a1,
    a2,
    owner,
    ownerRep,
    owner2,
    resident,
    board,
    auditor,
    orgAdmin,
    accountant,
    manager,
    maintenance,
    supplier: { ...supplier, businessId: supplierBusinessId },
    contractor,
    supplierStaff,
    otherContractor,
    portfolio,
    investor,
    away,
    stranger,
    strangerAccountant,
  }
}
export type FinanceWorld = Awaited<ReturnType<typeof financeWorld>>

export async function addInvoice(
  db: DB,
  orgId: string,
  apartmentId: string,
  opts: {
    amountCents?: number
    dueDate: string
    period?: string
    kind?: 'maintenance' | 'water'
    reference?: string
  },
) {
  const reference = opts.reference ?? nextReference()
  const row = await db
    .insertInto('finance_invoices')
    .values({
      org_id: orgId,
      apartment_id: apartmentId,
      external_id: unique('INV'),
      payer_name: 'Olli Omistaja',
      kind: opts.kind ?? 'maintenance',
      period: opts.period ?? `${opts.dueDate.slice(0, 7)}-01`,
      amount_cents: opts.amountCents ?? 25_000,
      issued_on: shiftDate(opts.dueDate, -14),
      due_date: opts.dueDate,
      reference,
      iban: IBAN,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, reference }
}

export async function addSupplierInvoice(db: DB, orgId: string, supplierOrgId: string | null) {
  return db
    .insertInto('finance_supplier_invoices')
    .values({
      org_id: orgId,
      external_id: unique('SUP'),
      supplier_org_id: supplierOrgId,
      supplier_name: 'Putki Oy',
      invoice_number: unique('N'),
      description: 'Riser inspection',
      category: 'repairs',
      amount_cents: 124_000,
      issued_on: '2026-01-10',
      due_date: '2026-02-10',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** A date `days` from today (negative: in the past), in Helsinki. */
export function dayOffset(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(d)
}

function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
