import { Redis } from 'ioredis'
import type { AccessChange } from '../../api/http/context.ts'

/**
 * "Access changed" (a membership removed, a role changed, an organisation suspended, a user
 * signed out everywhere) from an API process to every collab instance over Redis pub/sub, when
 * the API runs without a collab server in its process (`npm run start:api`). Each instance
 * re-decides access for its live connections of the people concerned (collab-server/
 * revocation.ts). Without this, a removed member's open documents stayed open until the socket
 * reconnected.
 */
export const ACCESS_CHANNEL = 'kotipiha:collab:access'

export interface AccessAnnouncer {
  announce(change: AccessChange): Promise<void>
  close(): Promise<void>
}

export function redisAccessAnnouncer(redisUrl: string): AccessAnnouncer {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: 3 })
  return {
    async announce(change) {
      await pub.publish(ACCESS_CHANNEL, JSON.stringify(change))
    },
    async close() {
      pub.disconnect()
    },
  }
}
