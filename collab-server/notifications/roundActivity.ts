import type { Hocuspocus } from '@hocuspocus/server'
import type { RedisTarget } from '../../schema/config.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { type Bus, createBus } from '../../server/bus/bus.ts'
import type { RoundChange } from '../../server/bus/channels.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import type { CollabContext } from '../context.ts'
import { signalOpenInboxes } from './inboxSignal.ts'

/**
 * Live "who has submitted" for reading rounds. After the notifier has handled a round's notice
 * (a reading counted in it, a review, the round opened or closed), every collab instance (one
 * Redis channel, or a direct call) sends a stateless `meters.round` signal on the open inbox
 * connections of those who oversee the round's building (`meters.read` there: staff, maintenance
 * serving it, the board); their round pages and dashboard widget then fetch the round again over
 * HTTP, where the server decides what they see. Nothing is stored and no text is sent. The same
 * mechanism as the channels' unread counts (chatActivity.ts).
 */
export interface RoundActivity {
  roundChanged(change: RoundChange): Promise<void>
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function startRoundActivity(opts: {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  redis: RedisTarget | undefined
}): RoundActivity {
  const { db, hocuspocus, log } = opts

  /** Signals the overseers of the round whose inbox is open on this instance. */
  async function signalLocal({ orgId, roundId }: RoundChange): Promise<number> {
    const [round, org] = await Promise.all([
      db
        .selectFrom('reading_rounds')
        .select('building_id')
        .where('org_id', '=', orgId)
        .where('id', '=', roundId)
        .executeTakeFirst(),
      loadOrgRef(db, orgId),
    ])
    if (!round || !org) return 0
    const place = { buildingId: round.building_id, apartmentId: null }
    return signalOpenInboxes(db, hocuspocus, org, { type: 'meters.round', orgId, roundId }, (principal) =>
      can(principal, 'meters.read', { type: 'meters', org, place }),
    )
  }

  const bus: Bus<'roundActivity'> = createBus('roundActivity', {
    redis: opts.redis,
    log,
    onMessage: (change) => {
      signalLocal(change).catch((error: unknown) =>
        log.error('collab.round_activity_failed', { ...change, error: String(error) }),
      )
    },
  })

  return {
    roundChanged: (change) => bus.publish(change),
    ready: bus.ready,
    close: () => bus.close(),
  }
}
