import type { Language, NotificationPrefs } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation, succeeded } from '../ui/mutation.ts'

/**
 * The profile's changes as router actions (ui/mutation.ts). Each that changes what /me says
 * refetches it before the form says "saved"; a new password changes nothing shown.
 */
const me = () => [getMe.key]

export const saveDetailsAction = mutation(
  'profile-details',
  succeeded((details: { name: string; phone: string | null; language: Language }) =>
    api.patch('/me', details),
  ),
  me,
)
export const saveNotificationsAction = mutation(
  'profile-notifications',
  succeeded((notificationPrefs: NotificationPrefs) => api.patch('/me', { notificationPrefs })),
  me,
)
export const changePasswordAction = mutation(
  'profile-password',
  succeeded((current: string, next: string) => api.post('/auth/password', { current, next })),
  () => [],
)
export const disableTotpAction = mutation(
  'profile-totp-disable',
  succeeded((password: string) => api.post('/auth/totp/disable', { password })),
  me,
)
export const logoutEverywhereAction = mutation(
  'profile-logout-everywhere',
  succeeded(() => api.post('/auth/logout-everywhere')),
  me,
)
