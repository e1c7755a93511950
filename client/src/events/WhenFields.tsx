import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { DatePicker } from '../ui/DatePicker.tsx'
import { TimeField } from '../ui/TimeField.tsx'

/**
 * A moment in Helsinki wall-clock time as the app's own date and time fields (6.12.2026, 18.00,
 * the calendar in the app's language), grouped under one legend, instead of the browser's
 * `datetime-local` (mm/dd/yyyy in an English browser, whatever the app's language). `value` and
 * `onChange` keep the `datetime-local` shape (2026-12-06T18:00) that `helsinki.ts` reads; while
 * only one half is given the value is incomplete and the form says "Give a valid time".
 */
export function WhenFields(props: {
  legend: string
  value: string
  onChange: (value: string) => void
  error?: string | undefined
}) {
  const [date, setDate] = createSignal(props.value.slice(0, 10))
  const [time, setTime] = createSignal(props.value.slice(11, 16))
  const emit = () => props.onChange(`${date()}T${time()}`)
  return (
    <fieldset class="when-fields">
      <legend>{props.legend}</legend>
      <DatePicker
        label={t('events.date')}
        value={date()}
        required
        error={props.error}
        onChange={(iso) => {
          setDate(iso)
          emit()
        }}
      />
      <TimeField
        label={t('events.time')}
        value={time()}
        required
        onChange={(value) => {
          setTime(value)
          emit()
        }}
      />
    </fieldset>
  )
}
