import type { Language } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { getMe } from '../session.ts'
import { mutation } from '../ui/mutation.ts'

/** The shell's own changes, as router actions that refetch the signed-in user (ui/mutation.ts). */
export const saveLanguageAction = mutation(
  'shell-language',
  async (language: Language) => {
    await api.patch('/me', { language })
    return true
  },
  () => [getMe.key],
)
/** Signing out cannot fail for the user: whatever the server says, the session is left behind. */
export const logoutAction = mutation(
  'shell-logout',
  async () => {
    await api.post('/auth/logout').catch(() => undefined)
    return true
  },
  () => [getMe.key],
)
