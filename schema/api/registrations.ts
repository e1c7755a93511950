import { z } from 'zod'
import { isValidBusinessId, normaliseBusinessId } from '../businessId.ts'
import { Email, Language, Name, NewPassword, Phone } from './common.ts'

export const BusinessId = z
  .string()
  .trim()
  .max(9)
  .transform(normaliseBusinessId)
  .refine(isValidBusinessId, 'Not a valid Finnish business ID (Y-tunnus), e.g. 1234567-1.')

export const RegistrationCreateBody = z.strictObject({
  companyName: z.string().trim().min(2).max(200),
  businessId: BusinessId,
  contactName: Name,
  email: Email,
  phone: Phone.optional(),
  products: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  /** Password for the contact person's account (unless already signed in). */
  password: NewPassword.optional(),
  language: Language.default('fi'),
})
export type RegistrationCreateBody = z.infer<typeof RegistrationCreateBody>

export const RegistrationDecisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject', 'block']),
    reason: z.string().trim().min(3).max(1000).optional(),
  })
  .refine((b) => b.decision === 'approve' || b.reason !== undefined, {
    message: 'A reason is required to reject or block.',
    path: ['reason'],
  })

export const RegistrationListQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'blocked']).default('pending'),
})
