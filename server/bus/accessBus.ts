import { Redis } from 'ioredis'

/** A change of who may open what: the collab servers re-authorise the affected sockets. */
export type AccessChange =
  | { kind: 'membership'; orgId: string; userId: string }
  | { kind: 'org'; orgId: string }
  | { kind: 'user'; userId: string }

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
