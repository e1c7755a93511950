import { z } from 'zod'

/**
 * Every bus channel, declared once: its Redis channel name (after the deployment's REDIS_PREFIX and
 * a colon, `channelName`) and the zod schema of its message.
 * `createBus` (bus.ts) publishes and receives only through this table, so a message that does
 * not fit its channel is dropped (and logged) at the receiver, and a publisher cannot send one
 * (a type error). Messages carry ids and kinds, never text: they say "look again", the receiver
 * reads the tables and asks the policy.
 */
const Id = z.string().min(1)

/** Who may open what changed: collab instances re-authorise the sockets concerned (revocation.ts). */
export const AccessChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('membership'), orgId: Id, userId: Id }),
  z.object({ kind: z.literal('org'), orgId: Id }),
  z.object({ kind: z.literal('user'), userId: Id }),
])
export type AccessChange = z.infer<typeof AccessChange>

/**
 * What `/api/me` shows changed without any access changing: a user's profile (name, phone,
 * language, notification settings, second factor turned off) or an organisation's name. API
 * instances drop the `/api/me` answers they cached (api/http/sessionCache.ts); access changes
 * travel on the access channel and drop more.
 */
export const ProfileChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id }),
  z.object({ kind: z.literal('org'), orgId: Id }),
])
export type ProfileChange = z.infer<typeof ProfileChange>

/** The calendars of these resources must be rebuilt from the bookings table. */
export const CalendarChange = z.strictObject({ orgId: z.uuid(), resourceIds: z.array(z.uuid()).max(100) })
export type CalendarChange = z.infer<typeof CalendarChange>

/** New messages in a standing channel were projected: readers' clients refetch unread counts. */
export const ChannelMessages = z.object({ orgId: Id, threadId: Id })
export type ChannelMessages = z.infer<typeof ChannelMessages>

/** A reading round's progress changed: the clients of those who oversee it refetch it. */
export const RoundChange = z.object({ orgId: Id, roundId: Id })
export type RoundChange = z.infer<typeof RoundChange>

/** Portal deliveries went out, or an announcement started: inbox connections refetch. */
export const CommunicationSignal = z.discriminatedUnion('type', [
  z.object({ type: z.literal('messages'), userIds: z.array(Id) }),
  z.object({ type: z.literal('announcements') }),
])
export type CommunicationSignal = z.infer<typeof CommunicationSignal>

export const BUS_CHANNELS = {
  /** From the API (also a separate API process) to every collab instance. */
  access: { name: 'collab:access', message: AccessChange },
  /** Between API instances: their cached `/api/me` answers (api/http/sharedSessionCache.ts). */
  profile: { name: 'api:profile', message: ProfileChange },
  /** From the API (a separate process) to every collab instance (calendarSubscriber.ts). */
  calendar: { name: 'collab:calendar', message: CalendarChange },
  /** Between collab instances (notifications/chatActivity.ts). */
  chatActivity: { name: 'chat-activity', message: ChannelMessages },
  /** Between collab instances (notifications/roundActivity.ts). */
  roundActivity: { name: 'round-activity', message: RoundChange },
  /** Between collab instances (communications/relay.ts). */
  communications: { name: 'communications', message: CommunicationSignal },
} as const satisfies Record<string, { name: string; message: z.ZodType }>

export type BusChannel = keyof typeof BUS_CHANNELS
export type BusMessage<C extends BusChannel> = z.infer<(typeof BUS_CHANNELS)[C]['message']>

/** A channel's Redis name in a deployment: `kotipiha:collab:access` with the default prefix. */
export function channelName(channel: BusChannel, prefix: string): string {
  return `${prefix}:${BUS_CHANNELS[channel].name}`
}
