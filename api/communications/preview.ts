import {
  type Audience,
  type Channel,
  type Override,
  type PreviewResult,
  smsSegments,
} from '../../schema/communications/api.ts'
import type { Recipient } from '../../server/communications/audience.ts'
import { channelsFor } from '../../server/communications/channels.ts'

/**
 * The composer's "who gets what" before sending, from people already loaded: counts per channel
 * and who cannot be reached. The routes count it in SQL (`audienceFigures`); this is the
 * reference the tests hold those counts to.
 */
export function previewOf(
  recipients: readonly Recipient[],
  override: Override | undefined,
  text: string,
  limit = 200,
): PreviewResult {
  const counts = new Map<Channel, number>()
  const unreachable: PreviewResult['unreachable'] = []
  let unreachableCount = 0
  for (const r of recipients) {
    const plan = channelsFor(r, override)
    for (const c of plan.channels) counts.set(c.channel, (counts.get(c.channel) ?? 0) + 1)
    for (const channel of plan.unreachable) {
      unreachableCount++
      if (unreachable.length < limit) unreachable.push({ userId: r.userId, name: r.name, channel })
    }
  }
  return previewFromCounts(recipients.length, counts, unreachable, text, unreachableCount)
}

/** The same answer from counts made elsewhere (the set-based send counts in the database). */
export function previewFromCounts(
  recipients: number,
  counts: ReadonlyMap<Channel, number>,
  unreachable: PreviewResult['unreachable'],
  text: string,
  unreachableCount: number,
): PreviewResult {
  const segments = smsSegments(text)
  return {
    recipients,
    perChannel: (['portal', 'email', 'sms', 'letter'] as const).map((channel) => ({
      channel,
      recipients: counts.get(channel) ?? 0,
    })),
    unreachable,
    unreachableCount,
    smsSegments: segments,
    smsPartsTotal: segments * (counts.get('sms') ?? 0),
  }
}

export type { Audience }
