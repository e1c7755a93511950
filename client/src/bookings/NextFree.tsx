import { createMemo, createSignal, onCleanup, Show } from 'solid-js'
import { nextFreeTurns } from '../../../schema/bookingNextFree.ts'
import { language, t } from '../i18n/index.ts'
import { formatDay, formatTime, type Overview, type Resource, shiftDate, todayInHelsinki } from './data.ts'
import { useLiveCalendar } from './liveCalendar.ts'

/**
 * "Next free: today 20.00–21.00, tomorrow 18.00–19.00" for one resource, computed in the browser
 * from its rules and its live calendar document (schema/bookingNextFree.ts), so it changes the
 * moment someone books, and with the clock. Nothing is shown until the calendar has synced: a
 * guess from nothing would offer taken times.
 */
export function NextFree(props: { orgId: string; resource: Resource; closed: Overview['closed'] }) {
  const live = useLiveCalendar(props.orgId, props.resource.id)
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 60_000)
  onCleanup(() => clearInterval(timer))
  const turns = createMemo(() =>
    live.synced()
      ? nextFreeTurns(
          props.resource,
          live.taken(),
          props.closed.filter((c) => c.resourceId === props.resource.id),
          now(),
        )
      : undefined,
  )
  const dayName = (iso: string) => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(iso))
    const today = todayInHelsinki()
    if (date === today) return t('bookings.today')
    if (date === shiftDate(today, 1)) return t('bookings.tomorrow')
    return formatDay(date, language())
  }
  return (
    <Show when={turns()}>
      {(list) => (
        <span class="next-free" data-first={list()[0]?.start}>
          {list().length > 0
            ? t('bookings.nextFree', {
                times: list()
                  .map(
                    (turn) =>
                      `${dayName(turn.start)} ${formatTime(turn.start, language())}–${formatTime(turn.end, language())}`,
                  )
                  .join(', '),
              })
            : t('bookings.noFree')}
        </span>
      )}
    </Show>
  )
}
