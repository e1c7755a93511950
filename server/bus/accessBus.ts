import { fallbackLog } from '../log.ts'
import { createBus } from './bus.ts'
import type { AccessChange } from './channels.ts'

export type { AccessChange } from './channels.ts'

/**
 * "Access changed" (a membership removed, a role changed, an organisation suspended, a user
 * signed out everywhere) from an API process to every collab instance over the `access` bus
 * channel, when the API runs without a collab server in its process (`npm run start:api`). Each
 * instance re-decides access for its live connections of the people concerned (collab-server/
 * revocation.ts). Without this, a removed member's open documents stayed open until the socket
 * reconnected.
 */
export interface AccessAnnouncer {
  announce(change: AccessChange): Promise<void>
  close(): Promise<void>
}

export function redisAccessAnnouncer(redisUrl: string): AccessAnnouncer {
  const bus = createBus('access', { redisUrl, log: fallbackLog })
  return { announce: (change) => bus.publish(change), close: () => bus.close() }
}
