import type { BookingRule, ResourceRules } from '../../schema/bookings.ts'
import { AppError } from '../../schema/errors.ts'
import { minutesBetween, openingSpansAround, overlaps, type Span } from '../../server/bookings/time.ts'

const DAY = 86_400_000

export interface RuleViolation {
  readonly rule: BookingRule
  readonly message: string
}

export function violation(rule: BookingRule, message: string): AppError {
  return new AppError('booking_rule', message, { details: { rule } })
}

/**
 * The rules of a resource that concern the time alone, in the order a person would want to hear
 * them: the booking window, the length, the opening hours, the grid, blackouts. Pure: the caller
 * passes the clock and the blackouts.
 */
export function checkTime(
  rules: ResourceRules,
  want: Span,
  now: number,
  blackouts: readonly Span[],
): RuleViolation | null {
  if (want.start < now + rules.leadMinMinutes * 60_000) {
    return {
      rule: 'too_late',
      message:
        rules.leadMinMinutes > 0
          ? `Book at least ${rules.leadMinMinutes} minutes before the start.`
          : 'That time has already begun.',
    }
  }
  if (want.start > now + rules.leadMaxDays * DAY) {
    return { rule: 'too_early', message: `Bookings open ${rules.leadMaxDays} days ahead.` }
  }
  const length = minutesBetween(want.start, want.end)
  if (length < rules.minMinutes || length > rules.maxMinutes) {
    return {
      rule: 'duration',
      message:
        rules.minMinutes === rules.maxMinutes
          ? `A booking lasts exactly ${rules.minMinutes} minutes.`
          : `A booking lasts ${rules.minMinutes}–${rules.maxMinutes} minutes.`,
    }
  }
  // A night range that began yesterday ("20:00"–"01:00") may hold a booking that starts today.
  const open = openingSpansAround(rules.openingHours, want.start).find(
    (s) => want.start >= s.start && want.end <= s.end,
  )
  if (!open) return { rule: 'outside_opening_hours', message: 'That time is outside the opening hours.' }
  const grid = rules.gridMinutes
  if (minutesBetween(open.start, want.start) % grid !== 0 || length % grid !== 0) {
    return {
      rule: 'off_grid',
      message: `Bookings start and end on the ${grid}-minute grid of the opening hours.`,
    }
  }
  if (blackouts.some((b) => overlaps(b, want))) {
    return { rule: 'blackout', message: 'The resource is closed at that time (maintenance or holiday).' }
  }
  return null
}

/** A confirmed booking may be cancelled by its apartment until the cutoff; staff at any time. */
export function checkCancel(rules: Pick<ResourceRules, 'cancelCutoffMinutes'>, start: number, now: number) {
  if (now > start - rules.cancelCutoffMinutes * 60_000) {
    return {
      rule: 'cancel_cutoff' as const,
      message:
        rules.cancelCutoffMinutes > 0
          ? `Cancel at least ${rules.cancelCutoffMinutes} minutes before the start.`
          : 'A booking that has begun cannot be cancelled.',
    }
  }
  return null
}
