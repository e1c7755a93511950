import { ApiError, api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation } from '../ui/mutation.ts'

/** Signing in, and the password and second-factor flows, as router actions (ui/mutation.ts). */

/**
 * 'signed-in' once the session is there (the signed-in user is refetched before the caller
 * navigates), 'totp' when the account asks for its second factor first.
 */
export const loginAction = mutation(
  'auth-login',
  async (body: Record<string, string>): Promise<'signed-in' | 'totp'> => {
    try {
      await api.post('/auth/login', body)
      return 'signed-in'
    } catch (error) {
      if (error instanceof ApiError && error.code === 'totp_required') return 'totp'
      throw error
    }
  },
  () => [getMe.key],
)

export const requestResetAction = mutation(
  'auth-request-reset',
  async (email: string) => {
    await api.post('/auth/password-reset/request', { email })
    return true
  },
  () => [],
)

export const resetPasswordAction = mutation(
  'auth-reset-password',
  async (token: string, password: string) => {
    await api.post('/auth/password-reset', { token, password })
    return true
  },
  () => [],
)

export interface Enrolment {
  uri: string
  qrSvg: string
  secret: string
}

/** Enrolment's two steps change nothing shown until it is finished (MfaEnrolPage refreshes then). */
export const totpSetupAction = mutation(
  'auth-totp-setup',
  () => api.post<Enrolment>('/auth/totp/setup'),
  () => [],
)
export const totpEnableAction = mutation(
  'auth-totp-enable',
  (code: string) => api.post<{ recoveryCodes: string[] }>('/auth/totp/enable', { code }),
  () => [],
)
