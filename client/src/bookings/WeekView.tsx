import { For, Show } from 'solid-js'
import type { AvailabilityCell, Interval } from '../../../schema/bookings.ts'
import { isTaken } from '../../../schema/docs/calendar.ts'
import { language, t } from '../i18n/index.ts'
import {
  type Booking,
  type DayAvailability,
  formatDay,
  formatTime,
  shiftDate,
  todayInHelsinki,
} from './data.ts'

export type CellState = 'free' | 'taken' | 'mine' | 'past' | 'blackout'

/**
 * What a cell shows: closed states (past, blackout) from the availability answer; taken or free
 * from the live calendar once it has synced (the availability answer before that); "mine" from
 * the person's own bookings.
 */
export function cellState(
  cell: AvailabilityCell,
  live: { synced: boolean; taken: readonly Interval[] },
  mine: readonly Booking[],
): CellState {
  if (cell.status === 'past' || cell.status === 'blackout') return cell.status
  const start = Date.parse(cell.start)
  const end = Date.parse(cell.end)
  const own = mine.some((b) => Date.parse(b.start) < end && start < Date.parse(b.end))
  const taken = live.synced ? isTaken(live.taken, start, end) : cell.status === 'taken'
  if (!taken) return 'free'
  return own || (!live.synced && cell.booking?.mine) ? 'mine' : 'taken'
}

/**
 * The days of one resource, their times as buttons: seven (the week view; on a phone one day under
 * another, on a desktop side by side) or one (the day view, its times in wider rows).
 */
export function WeekView(props: {
  week: string
  /** 'day': one day, the arrows step a day. Default 'week'. */
  span?: 'day' | 'week'
  days: readonly DayAvailability[]
  state: (cell: AvailabilityCell) => CellState
  canBook: boolean
  onWeek: (week: string) => void
  onPick: (cell: AvailabilityCell) => void
}) {
  const lang = () => language()
  const today = todayInHelsinki()
  const oneDay = () => props.span === 'day'
  const step = () => (oneDay() ? 1 : 7)
  return (
    <section class="week" classList={{ 'week--day': oneDay() }} aria-labelledby="week-heading">
      <div class="week__nav">
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.onWeek(shiftDate(props.week, -step()))}
        >
          <span aria-hidden="true">‹ </span>
          {oneDay() ? t('bookings.prevDay') : t('bookings.prevWeek')}
        </button>
        <h2 id="week-heading" class="week__heading">
          {oneDay()
            ? formatDay(props.week, lang(), 'long')
            : t('bookings.weekOf', {
                from: formatDay(props.week, lang()),
                to: formatDay(shiftDate(props.week, 6), lang()),
              })}
        </h2>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.onWeek(shiftDate(props.week, step()))}
        >
          {oneDay() ? t('bookings.nextDay') : t('bookings.nextWeek')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <ul class="week__legend" aria-label={t('bookings.legend')}>
        <For each={['free', 'taken', 'mine'] as const}>
          {(s) => (
            <li>
              <span class={`slot-swatch slot--${s}`} aria-hidden="true" /> {t(`bookings.status.${s}`)}
            </li>
          )}
        </For>
      </ul>
      <div class="week__days">
        <For each={props.days}>
          {(day) => (
            <section
              class="day"
              classList={{ 'day--today': day.date === today }}
              aria-label={formatDay(day.date, lang(), 'long')}
            >
              <h3 class="day__title">{formatDay(day.date, lang())}</h3>
              <Show
                when={day.cells.length > 0}
                fallback={<p class="muted day__closed">{t('bookings.closed')}</p>}
              >
                <ul class="day__slots">
                  <For each={day.cells}>
                    {(cell) => {
                      const state = () => props.state(cell)
                      const time = () => `${formatTime(cell.start, lang())}–${formatTime(cell.end, lang())}`
                      const bookable = () => state() === 'free' && props.canBook
                      return (
                        <li>
                          <button
                            type="button"
                            class={`slot slot--${state()}`}
                            aria-disabled={bookable() ? undefined : 'true'}
                            // A past time cannot be booked or opened: not a tab stop on the way to today's free ones.
                            tabindex={state() === 'past' ? -1 : undefined}
                            data-start={cell.start}
                            onClick={() => bookable() && props.onPick(cell)}
                          >
                            {/* The name is what the button shows (WCAG 2.5.3), then the day for screen readers. */}
                            <span class="slot__time">{formatTime(cell.start, lang())}</span>{' '}
                            <span class="slot__state">{t(`bookings.status.${state()}`)}</span>
                            <span class="visually-hidden">
                              , {formatDay(day.date, lang(), 'long')} {time()}
                            </span>
                          </button>
                        </li>
                      )
                    }}
                  </For>
                </ul>
              </Show>
            </section>
          )}
        </For>
      </div>
    </section>
  )
}
