import { createSignal, createUniqueId, Show } from 'solid-js'
import type { MeterSummary } from '../../../schema/api/meters.ts'
import { todayInFinland } from '../../../schema/meters/validate.ts'
import { ApiError } from '../api.ts'
import { formatDate, formatNumber, type MessageKey, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { DatePicker } from '../ui/DatePicker.tsx'
import { errorMessage, fieldErrors } from '../ui/errors.ts'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { submitReadingAction } from './actions.ts'
import { unitLabel } from './unit.ts'

/**
 * One meter's reading form, made for a phone: a decimal keypad, today's date, an optional photo
 * straight from the camera. A refusal (too low, a future date) is worded in the user's language
 * from the server's `details.reason`; a flagged reading is saved and said to be checked.
 */
export function ReadingForm(props: { orgId: string; meter: MeterSummary }) {
  const [value, setValue] = createSignal('')
  const [readOn, setReadOn] = createSignal(todayInFinland())
  const [meterChange, setMeterChange] = createSignal(false)
  const [photo, setPhoto] = createSignal<File | undefined>()
  // A page may show several meters' forms: each keeps to its own meter's submissions.
  const form = useMutation(submitReadingAction, ([, meterId]) => meterId === props.meter.id)
  const busy = form.pending
  // The refusal names the value that was sent, not what has been typed since.
  const [sentValue, setSentValue] = createSignal('')
  const problem = () => {
    const error = form.error()
    return error === undefined ? undefined : refusal(error)
  }
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'info'; text: string }>()
  const photoId = createUniqueId()
  const photoNameId = createUniqueId()
  let photoInput: HTMLInputElement | undefined
  const unit = () => unitLabel(props.meter.unit)

  const refusal = (error: unknown): string => {
    if (!(error instanceof ApiError)) return errorMessage(error)
    const reason = error.details.reason
    if (typeof reason !== 'string') return fieldErrors(error).value ?? errorMessage(error)
    const previous = error.details.previous as { value: number; readOn: string } | undefined
    return t(`meters.refused.${reason}` as MessageKey, {
      value: sentValue(),
      previous: previous ? formatNumber(previous.value) : '',
      date: previous ? formatDate(previous.readOn) : '',
    })
  }

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setNotice(undefined)
    setSentValue(value())
    const saved = await form.run(
      props.orgId,
      props.meter.id,
      { value: value().trim(), readOn: readOn(), meterChange: meterChange() },
      photo(),
    )
    if (!saved) return
    const { reading } = saved
    let text =
      reading.status === 'flagged'
        ? t('meters.flagged')
        : t('meters.accepted', { value: formatNumber(reading.value), unit: unit() })
    if (saved.photoSaved) text += ` ${t('meters.photoSaved')}`
    if (saved.photoError) text += ` ${t('meters.photoFailed', { reason: saved.photoError })}`
    setNotice({ kind: reading.status === 'flagged' ? 'info' : 'success', text })
    setValue('')
    setMeterChange(false)
    setPhoto(undefined)
    if (photoInput) photoInput.value = ''
  }

  return (
    <form class="meters__form" onSubmit={submit} noValidate>
      <Field
        label={t('meters.value', { unit: unit() })}
        hint={t('meters.valueHint')}
        error={problem()}
        inputmode="decimal"
        autocomplete="off"
        required
        value={value()}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <DatePicker
        label={t('meters.readOn')}
        required
        max={todayInFinland()}
        value={readOn()}
        onChange={(iso) => setReadOn(iso)}
      />
      <label class="checkbox">
        <input
          type="checkbox"
          checked={meterChange()}
          onChange={(e) => setMeterChange(e.currentTarget.checked)}
        />{' '}
        {t('meters.meterChange')}
      </label>
      {/* The browser's own file input speaks the browser's language ("Choose File"): hidden, and
          its label drawn as a button in ours, with the chosen photo's name beside it. */}
      <div class="field">
        <label for={photoId}>{t('meters.photo')}</label>
        <div class="meters__photo">
          <input
            ref={photoInput}
            id={photoId}
            class="visually-hidden"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            aria-describedby={photoNameId}
            onChange={(e) => setPhoto(e.currentTarget.files?.[0])}
          />
          <label for={photoId} class="button button--secondary button--small">
            {t('attachments.takePhoto')}
          </label>
          <span id={photoNameId} class="muted">
            {photo()?.name ?? t('meters.noPhoto')}
          </span>
        </div>
      </div>
      <button type="submit" class="button" disabled={busy() || value().trim() === ''}>
        {busy() ? t('meters.sending') : t('meters.send')}
      </button>
      <Show when={notice()} keyed>
        {(n) => <Alert kind={n.kind}>{n.text}</Alert>}
      </Show>
    </form>
  )
}
