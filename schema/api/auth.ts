import { z } from 'zod'
import { Email, NewPassword, Token } from './common.ts'

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(200),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'Six digits.')
    .optional(),
  recoveryCode: z.string().trim().min(8).max(40).optional(),
})
export type LoginBody = z.infer<typeof LoginBody>

export const PasswordResetRequestBody = z.strictObject({ email: Email })
export const PasswordResetBody = z.strictObject({ token: Token, password: NewPassword })
export const TotpCodeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'Six digits.') })
export const PasswordConfirmBody = z.strictObject({ password: z.string().min(1).max(200) })
export const ChangePasswordBody = z.strictObject({ current: z.string().min(1).max(200), next: NewPassword })
