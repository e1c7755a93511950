import { For, Show } from 'solid-js'
import { type OpeningHours, WEEKDAYS, type Weekday } from '../../../../schema/bookings.ts'
import { language, t } from '../../i18n/index.ts'
import { formatTime } from '../../ui/dates.ts'
import { TimeField } from '../../ui/TimeField.tsx'
import { weekdayName } from '../data.ts'

/**
 * Opening hours per weekday: zero or more ranges a day, each two time inputs. A closing time
 * before the opening time runs past midnight (a sauna 20:00–01:00); "00:00" closes at midnight.
 * Controlled: every change hands a new object to `onChange`.
 */
export function OpeningHoursEditor(props: {
  value: OpeningHours
  onChange: (next: OpeningHours) => void
  error?: string | undefined
}) {
  const ranges = (day: Weekday) => props.value[day] ?? []
  const setDay = (day: Weekday, next: [string, string][]) => props.onChange({ ...props.value, [day]: next })
  const setAt = (day: Weekday, index: number, which: 0 | 1, clock: string) =>
    setDay(
      day,
      ranges(day).map((r, i) => (i === index ? (which === 0 ? [clock, r[1]] : [r[0], clock]) : r)),
    )
  const copyToAll = (day: Weekday) =>
    props.onChange(Object.fromEntries(WEEKDAYS.map((d) => [d, ranges(day).map((r) => [...r])])))
  const crosses = (r: [string, string]) => r[1] !== '00:00' && r[1] <= r[0]
  return (
    <fieldset class="hours" aria-describedby="hours-hint">
      <legend>{t('bookingStaff.openingHours')}</legend>
      <p class="field__hint" id="hours-hint">
        {t('bookingStaff.hoursHint')}
      </p>
      <Show when={props.error}>
        <p class="field__error">{props.error}</p>
      </Show>
      <For each={WEEKDAYS}>
        {(day) => {
          const name = () => weekdayName(Number(day), language())
          return (
            <fieldset class="hours__day">
              <legend class="hours__name">{name()}</legend>
              <div class="hours__ranges">
                <Show
                  when={ranges(day).length > 0}
                  fallback={<span class="muted">{t('bookings.closed')}</span>}
                >
                  <For each={ranges(day)}>
                    {(range, i) => (
                      <div class="hours__range">
                        <TimeField
                          compact
                          label={t('bookingStaff.opensOn', { day: name() })}
                          value={range[0]}
                          onChange={(clock) => setAt(day, i(), 0, clock)}
                        />
                        <span aria-hidden="true">–</span>
                        <TimeField
                          compact
                          label={t('bookingStaff.closesOn', { day: name() })}
                          value={range[1]}
                          onChange={(clock) => setAt(day, i(), 1, clock)}
                        />
                        <Show when={crosses(range)}>
                          <span class="hours__night">{t('bookingStaff.nextDay')}</span>
                        </Show>
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-label={t('bookingStaff.removeHours', {
                            day: name(),
                            from: formatTime(range[0]),
                            to: formatTime(range[1]),
                          })}
                          onClick={() =>
                            setDay(
                              day,
                              ranges(day).filter((_, j) => j !== i()),
                            )
                          }
                        >
                          {t('bookingStaff.remove')}
                        </button>
                      </div>
                    )}
                  </For>
                </Show>
              </div>
              <div class="hours__actions">
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('bookingStaff.addHoursOn', { day: name() })}
                  onClick={() => setDay(day, [...ranges(day), ['08:00', '20:00']])}
                >
                  {t('bookingStaff.addHours')}
                </button>
                <Show when={day === '1'}>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    onClick={() => copyToAll(day)}
                  >
                    {t('bookingStaff.copyToAll', { day: name() })}
                  </button>
                </Show>
              </div>
            </fieldset>
          )
        }}
      </For>
    </fieldset>
  )
}
