import { z } from 'zod'
import { LANGUAGES } from '../roles.ts'

/** Field shapes shared by every request validator. Strict objects: unknown fields are an error. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address.' }))
  .transform((e) => e.toLowerCase())
export const Name = z.string().trim().min(1, 'Required.').max(120)
export const Phone = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9 ()-]{5,32}$/, 'Enter a phone number such as +358 40 123 4567.')
/** A new password's length bounds: the server's rule and the browser fields' minlength/maxlength. */
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
export const Language = z.enum(LANGUAGES)
export const Uuid = z.uuid({ message: 'Not a valid id.' })
export const Token = z.string().min(16).max(200)
export const IdParam = z.strictObject({ id: Uuid })
