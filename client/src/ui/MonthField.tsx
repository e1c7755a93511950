import { createEffect, createSignal, createUniqueId, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { formatFinnishMonth, parseFinnishMonth, shiftMonth } from './dates.ts'
import { onFormReset } from './formReset.ts'

/**
 * A month in Finnish format (12.2026), the same in every browser, instead of
 * `<input type="month">` (a row of dashes in a Finnish Chromium). Arrow Up/Down move a month.
 * `value`/`onChange` use YYYY-MM; with `name`, a hidden input of that name carries it for a form
 * read with FormData, as DatePicker's does.
 */
export function MonthField(props: {
  label: string
  value: string
  onChange?: (value: string) => void
  name?: string
  required?: boolean
}) {
  const id = createUniqueId()
  const [text, setText] = createSignal(formatFinnishMonth(props.value))
  const [chosen, setChosen] = createSignal(props.value)
  const [error, setError] = createSignal<string>()
  createEffect(() => {
    setText(formatFinnishMonth(props.value))
    setChosen(props.value)
  })
  const pick = (value: string) => {
    setError(undefined)
    setChosen(value)
    setText(formatFinnishMonth(value))
    props.onChange?.(value)
  }
  let input: HTMLInputElement | undefined
  // A form cleared with reset(): back to `value` after the browser has emptied the text.
  onFormReset(
    () => input,
    () => {
      if (input) input.value = formatFinnishMonth(props.value)
      setText(formatFinnishMonth(props.value))
      setChosen(props.value)
      setError(undefined)
    },
  )
  return (
    <div class="field ui-month" classList={{ 'field--invalid': Boolean(error()) }}>
      <label for={id}>{props.label}</label>
      <input
        ref={input}
        id={id}
        inputmode="numeric"
        autocomplete="off"
        placeholder={t('ui.month.placeholder')}
        required={props.required}
        value={text()}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={`${id}-format${error() ? ` ${id}-error` : ''}`}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => {
          const value = e.currentTarget.value
          if (value.trim() === '') return pick('')
          const month = parseFinnishMonth(value)
          if (month) pick(month)
          else setError(t('ui.month.invalid'))
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
          e.preventDefault()
          const from = parseFinnishMonth(text()) ?? chosen()
          const today = new Date()
          const base = from || `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`
          pick(from ? shiftMonth(base, e.key === 'ArrowUp' ? 1 : -1) : base)
        }}
      />
      <Show when={props.name}>{(name) => <input type="hidden" name={name()} value={chosen()} />}</Show>
      <p class="field__hint" id={`${id}-format`}>
        {t('ui.month.format')}
      </p>
      <Show when={error()}>
        <p class="field__error" id={`${id}-error`}>
          {error()}
        </p>
      </Show>
    </div>
  )
}
