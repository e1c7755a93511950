import { A } from '@solidjs/router'
import { DateTime } from 'luxon'
import { createMemo, createSignal, For, Show } from 'solid-js'
import type { EventSummary } from '../../../schema/events/api.ts'
import { EVENT_TIME_ZONE } from '../../../schema/events/time.ts'
import { language, t } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import { IconButton } from '../ui/Button.tsx'
import { IconChevronLeft, IconChevronRight } from '../ui/icons.ts'

/** Days an event is shown on at most (a week-long camp shows on each day; nothing longer). */
const MAX_DAYS = 31

/**
 * A month of events in Helsinki time: Monday-first weeks as a table (a caption names the month,
 * each day cell lists the events on that day as links, today marked `aria-current="date"`), with
 * buttons to the previous and next month. On a phone the table reads as a list of the days that
 * have events (events.css). Date arithmetic is luxon's, in the events' own time zone, so an event
 * at 00.30 on a DST night lands on the right day whatever the browser's zone.
 */
export function EventCalendar(props: { events: EventSummary[]; today?: string }) {
  const today = (): string => props.today ?? DateTime.now().setZone(EVENT_TIME_ZONE).toISODate() ?? ''
  const [month, setMonth] = createSignal(
    DateTime.fromISO(today(), { zone: EVENT_TIME_ZONE }).startOf('month'),
  )
  const byDay = createMemo(() => {
    const days = new Map<string, EventSummary[]>()
    // Past and upcoming lists may both hold an event (one running now): each is shown once.
    const unique = new Map(props.events.map((e) => [e.id, e]))
    for (const e of unique.values()) {
      const start = DateTime.fromISO(e.startsAt).setZone(EVENT_TIME_ZONE).startOf('day')
      const end = DateTime.fromISO(e.endsAt)
        .setZone(EVENT_TIME_ZONE)
        .minus({ milliseconds: 1 })
        .startOf('day')
      for (let d = start, n = 0; d <= end || n === 0; d = d.plus({ days: 1 }), n++) {
        if (n >= MAX_DAYS) break
        const key = d.toISODate() ?? ''
        days.set(key, [...(days.get(key) ?? []), e])
      }
    }
    return days
  })
  const weeks = createMemo(() => {
    const first = month().startOf('week') // luxon's weeks start on Monday (ISO)
    const last = month().endOf('month').endOf('week')
    const rows: DateTime[][] = []
    for (let d = first; d <= last; d = d.plus({ weeks: 1 }))
      rows.push(Array.from({ length: 7 }, (_, i) => d.plus({ days: i })))
    return rows
  })
  const locale = () => LOCALE[language()]
  const weekdays = () => weeks()[0]?.map((d) => d.setLocale(locale()).toFormat('ccc')) ?? []
  const title = () => month().setLocale(locale()).toFormat('LLLL yyyy')
  const inMonth = () =>
    weeks()
      .flat()
      .some((d) => d.hasSame(month(), 'month') && (byDay().get(d.toISODate() ?? '')?.length ?? 0) > 0)

  return (
    <section class="event-calendar" aria-labelledby="event-calendar-title">
      <div class="event-calendar__bar">
        <IconButton
          label={t('events.previousMonth')}
          icon={IconChevronLeft}
          onClick={() => setMonth(month().minus({ months: 1 }))}
        />
        <h2 id="event-calendar-title" class="event-calendar__title" aria-live="polite">
          {title()}
        </h2>
        <IconButton
          label={t('events.nextMonth')}
          icon={IconChevronRight}
          onClick={() => setMonth(month().plus({ months: 1 }))}
        />
      </div>
      <Show when={!inMonth()}>
        <p class="muted">{t('events.noneThisMonth')}</p>
      </Show>
      <table class="event-calendar__grid">
        <caption class="visually-hidden">{title()}</caption>
        <thead>
          <tr>
            <For each={weekdays()}>{(w) => <th scope="col">{w}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={weeks()}>
            {(week) => (
              <tr>
                <For each={week}>
                  {(day) => {
                    const key = day.toISODate() ?? ''
                    const events = () => byDay().get(key) ?? []
                    return (
                      <td
                        classList={{
                          'event-calendar__day': true,
                          'event-calendar__day--other': !day.hasSame(month(), 'month'),
                          'event-calendar__day--busy': events().length > 0,
                        }}
                        aria-current={key === today() ? 'date' : undefined}
                      >
                        <time class="event-calendar__date" datetime={key}>
                          <span aria-hidden="true">{day.day}</span>
                          <span class="visually-hidden">
                            {day.setLocale(locale()).toLocaleString(DateTime.DATE_HUGE)}
                          </span>
                        </time>
                        <Show when={events().length > 0}>
                          <ul class="event-calendar__events">
                            <For each={events()}>
                              {(e) => (
                                <li classList={{ 'event-calendar__event--cancelled': e.cancelled }}>
                                  <A class="event-calendar__link" href={`/org/${e.orgId}/events/${e.id}`}>
                                    <span class="event-calendar__time">
                                      {DateTime.fromISO(e.startsAt)
                                        .setZone(EVENT_TIME_ZONE)
                                        .setLocale(locale())
                                        .toFormat('HH.mm')}
                                    </span>{' '}
                                    {e.title}
                                  </A>
                                  <Show when={e.cancelled}>
                                    {' '}
                                    <span class="tag tag--danger">{t('events.cancelled')}</span>
                                  </Show>
                                </li>
                              )}
                            </For>
                          </ul>
                        </Show>
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
