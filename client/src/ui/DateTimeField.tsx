import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { DatePicker } from './DatePicker.tsx'
import { TimeField } from './TimeField.tsx'

/**
 * A moment as the app's own date and time fields (6.12.2026, 18.00, the calendar in the app's
 * language), grouped under one legend, instead of the browser's `datetime-local` (mm/dd/yyyy in an
 * English browser, whatever the app's language). `value` and `onChange` keep the `datetime-local`
 * shape (2026-12-06T18:00, with `seconds` 2026-12-06T18:00:15) so each caller reads it as before
 * (events as Helsinki time, `helsinki.ts`). Both halves empty is ''; while only one half is given
 * the value is incomplete (`isCompleteDateTime` says so) and the form says what is missing.
 */
export function DateTimeField(props: {
  legend: string
  value: string
  onChange: (value: string) => void
  error?: string | undefined
  /** Optional fields (a send scheduled for later) leave both halves empty. */
  required?: boolean
  seconds?: boolean
}) {
  const [date, setDate] = createSignal(props.value.slice(0, 10))
  const [time, setTime] = createSignal(props.value.slice(11))
  const emit = () => props.onChange(date() || time() ? `${date()}T${time()}` : '')
  return (
    <fieldset class="ui-datetime">
      <legend>{props.legend}</legend>
      <DatePicker
        label={t('ui.dateTime.date')}
        value={date()}
        required={props.required ?? true}
        error={props.error}
        onChange={(iso) => {
          setDate(iso)
          emit()
        }}
      />
      <TimeField
        label={t('ui.dateTime.time')}
        value={time()}
        required={props.required ?? true}
        seconds={props.seconds}
        onChange={(value) => {
          setTime(value)
          emit()
        }}
      />
    </fieldset>
  )
}

/** Both halves given: 2026-12-06T18:00 (or with seconds), not 2026-12-06T or T18:00. */
export function isCompleteDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
}
