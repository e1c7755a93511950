import { createMemo, For } from 'solid-js'
import type { AvailabilityCell } from '../../../schema/bookings.ts'
import { language, t, tPlural } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import { type DayAvailability, todayInHelsinki, weekdayName } from './data.ts'
import { firstOfMonth } from './views.ts'
import type { CellState } from './WeekView.tsx'

/**
 * A month of one resource as a table, Monday first: each open day of the month a button that says
 * how many times are free (or that it is full) and opens that day. Past and closed days and the
 * neighbouring months' days are text, not buttons, so the tab order holds only days worth opening.
 */
export function MonthView(props: {
  /** Any date of the month shown. */
  month: string
  /** The month's whole weeks (views.ts: rangeOf). */
  days: readonly DayAvailability[]
  state: (cell: AvailabilityCell) => CellState
  onMonth: (firstOfMonth: string) => void
  onDay: (date: string) => void
  step: (direction: -1 | 1) => string
}) {
  const lang = () => language()
  const today = todayInHelsinki()
  const monthKey = () => props.month.slice(0, 7)
  const title = () =>
    new Intl.DateTimeFormat(LOCALE[lang()], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${firstOfMonth(props.month)}T12:00:00Z`),
    )
  const weeks = createMemo(() => {
    const out: DayAvailability[][] = []
    for (let i = 0; i < props.days.length; i += 7) out.push(props.days.slice(i, i + 7))
    return out
  })
  const summary = (day: DayAvailability) => {
    if (day.date < today) return { kind: 'past' as const, text: t('bookings.status.past') }
    if (day.cells.length === 0) return { kind: 'closed' as const, text: t('bookings.closed') }
    const free = day.cells.filter((c) => props.state(c) === 'free').length
    if (free === 0) return { kind: 'full' as const, text: t('bookings.month.full') }
    return { kind: 'free' as const, text: tPlural('bookings.month.free', free) }
  }
  // What follows the visible day number for screen readers: ". joulukuuta, maanantai," — the
  // button's name is its own text (the number, this, the summary), so what is seen is what is heard.
  const afterNumber = (date: string, dayNumber: string) => {
    const at = new Date(`${date}T12:00:00Z`)
    const dayMonth = new Intl.DateTimeFormat(LOCALE[lang()], {
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(at)
    const weekday = new Intl.DateTimeFormat(LOCALE[lang()], { weekday: 'long', timeZone: 'UTC' }).format(at)
    const rest = dayMonth.startsWith(dayNumber) ? dayMonth.slice(dayNumber.length) : ` ${dayMonth}`
    return `${rest}, ${weekday}, `
  }
  return (
    <section class="month" aria-labelledby="month-heading">
      <div class="week__nav">
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.onMonth(props.step(-1))}
        >
          <span aria-hidden="true">‹ </span>
          {t('bookings.prevMonth')}
        </button>
        <h2 id="month-heading" class="week__heading month__heading">
          {title()}
        </h2>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.onMonth(props.step(1))}
        >
          {t('bookings.nextMonth')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <table class="month__table">
        <caption class="visually-hidden">{t('bookings.month.caption', { month: title() })}</caption>
        <thead>
          <tr>
            <For each={[1, 2, 3, 4, 5, 6, 7]}>
              {(d) => (
                <th scope="col">
                  <abbr title={weekdayName(d, lang())}>{weekdayName(d, lang(), 'short')}</abbr>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={weeks()}>
            {(week) => (
              <tr>
                <For each={week}>
                  {(day) => {
                    const inMonth = () => day.date.startsWith(monthKey())
                    const s = () => summary(day)
                    const dayNumber = () => String(Number(day.date.slice(8)))
                    return (
                      <td
                        class="month__cell"
                        classList={{
                          'month__cell--other': !inMonth(),
                          'month__cell--today': day.date === today,
                          [`month__cell--${s().kind}`]: inMonth(),
                        }}
                      >
                        {inMonth() && (s().kind === 'free' || s().kind === 'full') ? (
                          <button
                            type="button"
                            class="month__day"
                            data-date={day.date}
                            aria-current={day.date === today ? 'date' : undefined}
                            onClick={() => props.onDay(day.date)}
                          >
                            <span class="month__number">
                              {dayNumber()}
                              <span class="visually-hidden">{afterNumber(day.date, dayNumber())}</span>
                            </span>
                            <span class="month__summary">
                              {/* "6 vapaana": on a phone the number alone shows; the word stays for screen readers. */}
                              {s().kind === 'free' ? (
                                <>
                                  {s().text.split(' ')[0]}
                                  <span class="month__word">{s().text.slice(s().text.indexOf(' '))}</span>
                                </>
                              ) : (
                                s().text
                              )}
                            </span>
                          </button>
                        ) : (
                          <span class="month__day month__day--inert">
                            <span class="month__number">{dayNumber()}</span>
                            <span class="visually-hidden">{inMonth() ? `, ${s().text}` : ''}</span>
                          </span>
                        )}
                      </td>
                    )
                  }}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  )
}
