import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { language, t, tPlural } from '../../i18n/index.ts'
import { Alert, FormError } from '../../ui/Alert.tsx'
import { createConfirm } from '../../ui/confirm.tsx'
import { DatePicker } from '../../ui/DatePicker.tsx'
import { formatTime } from '../../ui/dates.ts'
import { Field, SelectField } from '../../ui/Field.tsx'
import { useMutation } from '../../ui/mutation.ts'
import { TimeField } from '../../ui/TimeField.tsx'
import { type Overview, todayInHelsinki, weekdayName } from '../data.ts'
import { createShiftAction, endShiftAction } from './actions.ts'
import { type Building, getShifts } from './staffData.ts'

/** Standing weekly shifts ("saunavuoro"): one apartment, one weekday and time, booked weeks ahead. */
export function StandingShifts(props: { orgId: string; overview: Overview; buildings: readonly Building[] }) {
  const list = createAsync(() => getShifts(props.orgId))
  const apartments = () =>
    props.buildings.flatMap((b) => b.apartments.map((a) => ({ ...a, building: b.name })))
  const [resourceId, setResourceId] = createSignal(props.overview.resources[0]?.id ?? '')
  const [apartmentId, setApartmentId] = createSignal('')
  const [weekday, setWeekday] = createSignal(5)
  const [startTime, setStartTime] = createSignal('19:00')
  const [duration, setDuration] = createSignal(60)
  const [validFrom, setValidFrom] = createSignal(todayInHelsinki())
  const [weeks, setWeeks] = createSignal(26)
  const [result, setResult] = createSignal<string>()
  const form = useMutation(createShiftAction)
  const end = useAction(endShiftAction)
  const nameOf = (id: string) => props.overview.resources.find((r) => r.id === id)?.name ?? ''

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    setResult(undefined)
    const apartment = apartmentId() || apartments()[0]?.id
    if (!apartment) return form.setFieldProblems({ apartmentId: t('bookingStaff.required') })
    const done = await form.run(props.orgId, {
      resourceId: resourceId(),
      apartmentId: apartment,
      weekday: weekday(),
      startTime: startTime(),
      durationMinutes: duration(),
      validFrom: validFrom(),
      weeks: weeks(),
    })
    if (done) {
      setResult(
        `${tPlural('bookingStaff.shiftCreated', done.created)} ${tPlural('bookingStaff.shiftConflicts', done.conflicts.length)}`,
      )
    }
  }
  // Ending a shift cancels its coming bookings, which others may then take: no undo, so ask.
  const confirm = createConfirm()
  return (
    <section class="staff-block" aria-labelledby="shifts-title">
      <h3 id="shifts-title">{t('bookingStaff.shiftsTitle')}</h3>
      {confirm.view()}
      <Show
        when={(list()?.shifts.length ?? 0) > 0}
        fallback={<p class="muted">{t('bookingStaff.noShifts')}</p>}
      >
        <ul class="staff-list">
          <For each={list()?.shifts}>
            {(s) => {
              const label = () =>
                `${nameOf(s.resourceId)} · ${weekdayName(s.weekday, language())} ${formatTime(s.startTime.slice(0, 5))} · ${t('bookings.apartment')} ${s.apartmentNumber}`
              return (
                <li>
                  <span>{label()}</span>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    aria-label={t('bookingStaff.endShiftNamed', { shift: label() })}
                    onClick={() =>
                      confirm.ask({
                        title: `${t('bookingStaff.endShiftNamed', { shift: label() })}?`,
                        message: t('ui.confirm.cannotUndo'),
                        confirmLabel: t('bookingStaff.endShift'),
                        run: () => end(props.orgId, s.id),
                      })
                    }
                  >
                    {t('bookingStaff.endShift')}
                  </button>
                </li>
              )
            }}
          </For>
        </ul>
      </Show>
      <Show when={result()}>
        <Alert kind="success">{result()}</Alert>
      </Show>
      <form class="form-grid" onSubmit={submit} novalidate>
        <FormError message={form.message()} />
        <SelectField
          label={t('bookings.resource')}
          value={resourceId()}
          onChange={(e) => setResourceId(e.currentTarget.value)}
        >
          <For each={props.overview.resources}>{(r) => <option value={r.id}>{r.name}</option>}</For>
        </SelectField>
        <SelectField
          label={t('bookings.apartment')}
          value={apartmentId()}
          error={form.field('apartmentId')}
          onChange={(e) => setApartmentId(e.currentTarget.value)}
        >
          <For each={apartments()}>
            {(a) => (
              <option value={a.id}>
                {a.number} ({a.building})
              </option>
            )}
          </For>
        </SelectField>
        <SelectField
          label={t('bookingStaff.weekday')}
          value={String(weekday())}
          onChange={(e) => setWeekday(Number(e.currentTarget.value))}
        >
          <For each={[1, 2, 3, 4, 5, 6, 7]}>
            {(d) => <option value={String(d)}>{weekdayName(d, language())}</option>}
          </For>
        </SelectField>
        <TimeField
          label={t('bookingStaff.startTime')}
          value={startTime()}
          error={form.field('startTime')}
          onChange={setStartTime}
        />
        <Field
          label={t('bookingStaff.durationMinutes')}
          type="number"
          min={5}
          step={5}
          value={duration()}
          error={form.field('durationMinutes')}
          onChange={(e) => setDuration(Number(e.currentTarget.value))}
        />
        <DatePicker
          label={t('bookingStaff.validFrom')}
          value={validFrom()}
          error={form.field('validFrom')}
          onChange={setValidFrom}
        />
        <Field
          label={t('bookingStaff.weeksAhead')}
          type="number"
          min={1}
          max={104}
          value={weeks()}
          error={form.field('weeks')}
          onChange={(e) => setWeeks(Number(e.currentTarget.value))}
        />
        <div class="form-grid__actions">
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            {t('bookingStaff.createShift')}
          </button>
        </div>
      </form>
    </section>
  )
}
