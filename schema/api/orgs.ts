import { z } from 'zod'
import { ROLES } from '../roles.ts'
import { Email, Name, NewPassword, Token, Uuid } from './common.ts'

export const RoleField = z.enum(ROLES)

export const InvitationCreateBody = z.strictObject({
  email: Email,
  role: RoleField,
  buildingId: Uuid.optional(),
  apartmentId: Uuid.optional(),
})
export const MembershipPatchBody = z.strictObject({ role: RoleField })
export const InvitationAcceptBody = z.strictObject({
  token: Token,
  /** For a new account; ignored when the invitee is signed in. */
  name: Name.optional(),
  password: NewPassword.optional(),
})
export const OrgStatusBody = z.strictObject({
  status: z.enum(['active', 'suspended']),
  reason: z.string().trim().min(3).max(500),
})
export const OrgMemberParams = z.strictObject({ id: Uuid, membershipId: Uuid })
export const OrgInvitationParams = z.strictObject({ id: Uuid, invitationId: Uuid })
export const AuditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export const BuildingCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  address: z.string().trim().max(200).default(''),
  /** Staircase names to create with the building, e.g. ["A", "B"]. */
  staircases: z.array(z.string().trim().min(1).max(20)).max(26).default([]),
})
export const ApartmentCreateBody = z.strictObject({
  buildingId: Uuid,
  staircaseId: Uuid.optional(),
  number: z.string().trim().min(1).max(20),
  areaM2: z.number().positive().max(10_000),
  shareCount: z.number().int().positive().max(1_000_000),
})
