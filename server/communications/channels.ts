import type { Channel, Override } from '../../schema/communications/api.ts'
import type { Recipient } from './audience.ts'

/**
 * The channels one recipient gets for a communication, from their preferences for announcements
 * (`NotificationKind` 'announcement': mass communications are the cooperative's announcements to
 * them) and the sender's override. The portal always. A channel asked for that the recipient
 * cannot be reached on (no phone, no home address) is reported as unreachable, never queued.
 */
export interface ChannelPlan {
  channels: Array<{ channel: Channel; address: string }>
  unreachable: Channel[]
}

export function channelsFor(r: Recipient, override: Override = {}): ChannelPlan {
  const wanted = new Set<Channel>(['portal'])
  const prefs = r.prefs.announcement
  if (prefs.email) wanted.add('email')
  if (prefs.sms) wanted.add('sms')
  if (prefs.letter) wanted.add('letter')
  if (override.letterWithoutEmail && !wanted.has('email')) wanted.add('letter')
  if (override.channels) {
    const allowed = new Set<Channel>(['portal', ...override.channels])
    for (const c of [...wanted]) if (!allowed.has(c)) wanted.delete(c)
  }
  const plan: ChannelPlan = { channels: [], unreachable: [] }
  for (const channel of wanted) {
    const address =
      channel === 'portal'
        ? ''
        : channel === 'email'
          ? r.email
          : channel === 'sms'
            ? (r.phone ?? '')
            : (r.postal?.join('\n') ?? '')
    if (channel !== 'portal' && address === '') plan.unreachable.push(channel)
    else plan.channels.push({ channel, address })
  }
  return plan
}
