import { z } from 'zod'
import { Email, Language, Uuid } from './common.ts'
import { RoleField } from './orgs.ts'
import { BusinessId } from './registrations.ts'

/** Request validators for onboarding organisations and editing their structure (issue 18). */
const OrgName = z.string().trim().min(2).max(200)
const Address = z.string().trim().max(300)
const Month = z.number().int().min(1).max(12)

/** A platform admin creates a management company or an investor portfolio. */
export const OrganisationCreateBody = z.strictObject({
  kind: z.enum(['management_company', 'investor_portfolio']),
  name: OrgName,
  businessId: BusinessId.optional(),
  address: Address.optional(),
})

/** A management company's staff create a cooperative it manages. */
export const CooperativeCreateBody = z.strictObject({
  name: OrgName,
  businessId: BusinessId,
  address: Address.min(3),
  fiscalYearStartMonth: Month.default(1),
})

export const OrganisationPatchBody = z
  .strictObject({
    name: OrgName,
    businessId: BusinessId,
    address: Address,
    fiscalYearStartMonth: Month,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

export const HandoverBody = z.strictObject({
  to: Uuid,
  reason: z.string().trim().min(3).max(500),
})

export const BuildingParams = z.strictObject({ id: Uuid, buildingId: Uuid })
export const StaircaseParams = z.strictObject({ id: Uuid, staircaseId: Uuid })
export const ApartmentParams = z.strictObject({ id: Uuid, apartmentId: Uuid })

export const BuildingPatchBody = z
  .strictObject({ name: z.string().trim().min(1).max(80), address: z.string().trim().max(200) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')
export const StaircaseCreateBody = z.strictObject({ name: z.string().trim().min(1).max(20) })
export const StaircasePatchBody = StaircaseCreateBody
export const ApartmentPatchBody = z
  .strictObject({
    number: z.string().trim().min(1).max(20),
    staircaseId: Uuid.nullable(),
    areaM2: z.number().positive().max(10_000),
    shareCount: z.number().int().positive().max(1_000_000),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change.')

/**
 * One row of a bulk invitation CSV (header `email,role,apartment,language`): the apartment by
 * its number ("A 1") for apartment-scoped roles; the language of the invitation mail (default:
 * the invitee's own if they have an account, else Finnish).
 */
export const BulkInvitationRow = z.strictObject({
  email: Email,
  role: RoleField,
  apartment: z.string().trim().max(40).optional(),
  language: Language.optional(),
})
export type BulkInvitationRow = z.infer<typeof BulkInvitationRow>

export const MAX_BULK_INVITATIONS = 1000

/** A decimal as a CSV cell may write it: 45.5 or 45,5. */
const Decimal = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d+([.,]\d+)?$/, 'Not a number.')
    .transform((s) => Number(s.replace(',', '.'))),
])
const WholeNumber = z.union([
  z.number(),
  z.string().trim().regex(/^\d+$/, 'Not a whole number.').transform(Number),
])
const Cell = (max: number) => z.string().trim().max(max)

/**
 * One apartment of an import (the import API kind `apartments`, scope directory:write, and the
 * CSV a manager uploads while onboarding): header `building,staircase,number,areaM2,shareCount`
 * with optional `externalId` (the ERP's id; default "<building>/<number>") and `address` (of the
 * building, when the row creates it). A building or staircase named for the first time is created.
 */
export const ApartmentImportRow = z
  .strictObject({
    externalId: Cell(100).optional(),
    building: Cell(80).min(1, 'Required.'),
    address: Cell(200).optional(),
    staircase: Cell(20).optional(),
    number: Cell(20).min(1, 'Required.'),
    areaM2: Decimal.pipe(z.number().positive('Must be positive.').max(10_000)),
    shareCount: WholeNumber.pipe(z.number().int().positive('Must be positive.').max(1_000_000)),
  })
  .transform((r) => ({
    ...r,
    externalId: r.externalId || `${r.building}/${r.number}`,
    staircase: r.staircase || null,
    address: r.address ?? '',
  }))
export type ApartmentImportRow = z.output<typeof ApartmentImportRow>
