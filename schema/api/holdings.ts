import { z } from 'zod'

/** Investor holdings (issue 15): which properties and apartments a portfolio holds. */
const Id = z.uuid({ message: 'Not a valid id.' })
export const HoldingOrgParam = z.strictObject({ orgId: Id })
export const HoldingApartmentParam = z.strictObject({ orgId: Id, apartmentId: Id })
export const AddPropertyBody = z.strictObject({ cooperativeId: Id })
export const AddHoldingBody = z.strictObject({
  cooperativeId: Id,
  apartmentId: Id,
  acquiredOn: z.iso.date({ message: 'Use a date such as 2024-05-31.' }).nullable().default(null),
  priceCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
})
export const RentBody = z.strictObject({
  apartmentId: Id,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the month, such as 2026-03.'),
  amountCents: z.number().int().min(0).max(2_000_000_000),
})

export interface HoldingApartment {
  apartmentId: string
  building: string
  number: string
  areaM2: number
  shares: number
  acquiredOn: string | null
  priceCents: number | null
}
export interface HoldingProperty {
  cooperativeId: string
  name: string
  apartments: HoldingApartment[]
  /** The property's apartments not held, to add from. */
  available: { apartmentId: string; label: string }[]
}
export interface HoldingsResponse {
  canManage: boolean
  properties: HoldingProperty[]
}
