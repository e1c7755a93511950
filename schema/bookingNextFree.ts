import type { Interval, ResourceRules } from './bookings.ts'
import { addDays, cells, iso, localDate, openingSpans, overlaps, type Span } from './bookingTime.ts'

const DAY = 86_400_000
/** How far ahead "next free" looks at most (a resource open rarely says "none in two weeks"). */
export const NEXT_FREE_HORIZON_DAYS = 14

/**
 * The first free turn of each of the next days that have one ("Sauna: today 20–21, tomorrow
 * 18–19"), from a resource's rules and what is taken (the live calendar document) and closed
 * (blackouts). A turn is the shortest booking the rules allow, starting on the grid of an opening
 * span and inside it, not too soon (`leadMinMinutes`) and not before the window opens
 * (`leadMaxDays`) — the same rules `checkTime` applies on the server, so a turn shown here is one
 * the server accepts unless someone takes it first or the apartment's quota is full.
 */
export function nextFreeTurns(
  rules: ResourceRules,
  taken: readonly Interval[],
  closed: readonly Interval[],
  now: number,
  days = 2,
): Interval[] {
  const busy: Span[] = [...taken, ...closed].map((i) => ({
    start: Date.parse(i.start),
    end: Date.parse(i.end),
  }))
  const earliest = now + rules.leadMinMinutes * 60_000
  const latest = now + rules.leadMaxDays * DAY
  const length = rules.minMinutes * 60_000
  const today = localDate(now)
  const out: Interval[] = []
  const daysWithTurn = new Set<string>()
  // From yesterday: a night span that opened yesterday may still hold a turn today.
  for (let i = -1; i <= Math.min(NEXT_FREE_HORIZON_DAYS, rules.leadMaxDays + 1); i++) {
    const spans = openingSpans(rules.openingHours, addDays(today, i)).sort((a, b) => a.start - b.start)
    for (const open of spans) {
      for (const cell of cells(open, rules.gridMinutes)) {
        const turn = { start: cell.start, end: cell.start + length }
        if (turn.end > open.end || turn.start < earliest) continue
        if (turn.start > latest) return out
        if (busy.some((b) => overlaps(b, turn))) continue
        const day = localDate(turn.start)
        if (daysWithTurn.has(day)) continue
        daysWithTurn.add(day)
        out.push({ start: iso(turn.start), end: iso(turn.end) })
        if (out.length >= days) return out
      }
    }
  }
  return out
}
