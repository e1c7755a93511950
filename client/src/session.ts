import { query, revalidate } from '@solidjs/router'
import type { MeResponse } from '../../schema/api/users.ts'
import { ApiError, api } from './api.ts'
import { setUploadLimit } from './attachments/fileCheck.ts'
import { isLanguage, setLanguage } from './i18n/index.ts'

/** The signed-in user with memberships and abilities, or null when signed out. */
export const getMe = query(async (): Promise<MeResponse | null> => {
  try {
    const me = await api.get<MeResponse>('/me')
    if (isLanguage(me.user.language)) setLanguage(me.user.language)
    setUploadLimit(me.limits.maxUploadBytes)
    return me
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthenticated') return null
    throw error
  }
}, 'me')

export const refreshMe = () => revalidate(getMe.key)

/** Staff and admins must enrol in TOTP before their elevated access counts. */
export function needsMfaEnrolment(me: MeResponse): boolean {
  return me.mfa.required && !me.mfa.enrolled
}

/** Enrolled but this session did not pass the second factor (e.g. signed in via an invitation). */
export function needsMfaRelogin(me: MeResponse): boolean {
  return me.mfa.required && me.mfa.enrolled && !me.mfa.verified
}
