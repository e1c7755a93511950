import type { Access } from '../access.ts'

/**
 * The one refusal every live-document decision returns: no level, no moderation, and the
 * organisation from the object's row when it is known (the log and revocation use it).
 */
export function none(reason: string, orgId: string | null = null): Access {
  return { level: 'none', moderator: false, orgId, reason }
}
