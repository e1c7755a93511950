import { createEffect, createMemo, on, onCleanup } from 'solid-js'
import type { InboxItem } from '../../../schema/docs/inbox.ts'
import { inboxItems, roundActivity } from '../cases/inbox.ts'
import { formatDate, t } from '../i18n/index.ts'

/**
 * Reading rounds kept live without polling every few seconds: the server signals the inbox
 * connection of whoever oversees a round when a reading in it arrives, is reviewed, or the round
 * opens or closes (collab-server/notifications/roundActivity.ts), and residents get a
 * "reading_round" inbox item when a round for their meters opens. A slow poll covers a signal
 * missed while the connection was away.
 */
const FALLBACK_MS = 60_000

const roundItems = (orgId: string) =>
  inboxItems().filter((i) => i.kind === 'reading_round' && i.orgId === orgId)

/**
 * Calls `refresh` when a round of `orgId` (only `roundId`, when given) changes or opens, and once
 * a minute while visible unless `poll` is false (the dashboard has its own timer).
 */
export function useLiveRounds(
  orgId: () => string,
  refresh: () => unknown,
  opts: { roundId?: () => string; poll?: boolean } = {},
): void {
  const { roundId } = opts
  // The latest signal about these rounds; another organisation's or round's keeps the last one.
  const signalled = createMemo<number | undefined>((last) => {
    const s = roundActivity()
    return s && s.orgId === orgId() && (!roundId || s.roundId === roundId()) ? s.at : last
  })
  createEffect(
    on(
      () => [signalled(), roundItems(orgId()).length] as const,
      (now, prev) => {
        if (prev !== undefined && (now[0] !== prev[0] || now[1] !== prev[1])) refresh()
      },
    ),
  )
  if (opts.poll === false) return
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refresh()
  }, FALLBACK_MS)
  onCleanup(() => clearInterval(timer))
}

/** "A reading round started" (title = the round's title, body = its due date, YYYY-MM-DD). */
export function describeRoundOpened(item: InboxItem): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(item.body) ? formatDate(`${item.body}T12:00:00`) : item.body
  return t('meters.roundOpened', { title: item.title, date })
}
