import type { Hocuspocus } from '@hocuspocus/server'
import type { RedisTarget } from '../../schema/config.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { type Bus, createBus } from '../../server/bus/bus.ts'
import type { ChannelMessages } from '../../server/bus/channels.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import type { CollabContext } from '../context.ts'
import { signalOpenInboxes } from './inboxSignal.ts'

/**
 * Live unread counts for channels someone only reads. A new message in a channel notifies only
 * those taking part (an inbox item); everyone else who may read the channel and has the app
 * open gets a stateless "chat.activity" signal on their inbox connection, and their client
 * fetches its unread counts again. Sent after the thread projection (the counts are read from
 * it), through a Redis channel so every instance signals the inboxes open on it. Nothing is
 * stored and no text is sent; each recipient is checked against the policy for that channel.
 */
export type { ChannelMessages }

export interface ChatActivity {
  /** New messages in a standing channel were projected. */
  channelChanged(change: ChannelMessages): Promise<void>
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function startChatActivity(opts: {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  log: Logger
  redis: RedisTarget | undefined
}): ChatActivity {
  const { db, hocuspocus, log } = opts

  /** Signals the readers of the channel whose inbox is open on this instance. */
  async function signalLocal({ orgId, threadId }: ChannelMessages): Promise<number> {
    const [thread, org] = await Promise.all([
      db
        .selectFrom('threads')
        .select(['id', 'audience', 'archived_at', 'kind'])
        .where('id', '=', threadId)
        .where('org_id', '=', orgId)
        .executeTakeFirst(),
      loadOrgRef(db, orgId),
    ])
    if (thread?.kind !== 'channel' || !org) return 0
    const resource = {
      type: 'thread',
      org,
      thread: { id: thread.id, audience: thread.audience, archived: thread.archived_at !== null },
    } as const
    return signalOpenInboxes(db, hocuspocus, org, { type: 'chat.activity', orgId, threadId }, (principal) =>
      can(principal, 'thread.read', resource),
    )
  }

  const bus: Bus<'chatActivity'> = createBus('chatActivity', {
    redis: opts.redis,
    log,
    onMessage: (change) => {
      signalLocal(change).catch((error: unknown) =>
        log.error('collab.chat_activity_failed', { ...change, error: String(error) }),
      )
    },
  })

  return {
    channelChanged: (change) => bus.publish(change),
    ready: bus.ready,
    close: () => bus.close(),
  }
}
