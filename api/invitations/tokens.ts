import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { hashSecret } from '../../server/auth/sessions.ts'

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000

export function newInvitationToken(): { token: string; hash: Uint8Array } {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(25)))
  return { token, hash: hashSecret(token) }
}
