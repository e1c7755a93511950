import { createEffect, createSignal, createUniqueId, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { addMinutes, formatTime, parseTime } from './dates.ts'

/**
 * A time of day in Finnish format (18.30; 18:30 and 1830 are read too), the same in every browser.
 * Arrow Up/Down step by `step` minutes (15 by default). `value`/`onChange` use HH:mm; with
 * `seconds`, 18.30.15 is read too and given as HH:mm:ss. `compact` (a row of opening hours, where
 * the row says what each time is) keeps the label and format for screen readers only.
 */
export function TimeField(props: {
  label: string
  value: string
  onChange: (value: string) => void
  step?: number
  hint?: string | undefined
  error?: string | undefined
  name?: string
  required?: boolean
  seconds?: boolean
  compact?: boolean
}) {
  const id = createUniqueId()
  const [text, setText] = createSignal(formatTime(props.value))
  const [localError, setLocalError] = createSignal<string>()
  createEffect(() => setText(formatTime(props.value)))
  const error = () => localError() ?? props.error

  function commit(value: string) {
    if (value.trim() === '') {
      setLocalError(undefined)
      props.onChange('')
      return
    }
    const parsed = parseTime(value, props.seconds)
    if (!parsed) {
      setLocalError(t('ui.time.invalid'))
      return
    }
    setLocalError(undefined)
    setText(formatTime(parsed))
    props.onChange(parsed)
  }

  return (
    <div
      class="field ui-time"
      classList={{ 'field--invalid': Boolean(error()), 'ui-time--compact': props.compact }}
    >
      <label for={id} classList={{ 'visually-hidden': props.compact }}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        inputmode="numeric"
        autocomplete="off"
        placeholder={t('ui.time.placeholder')}
        required={props.required}
        value={text()}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={`${id}-format${error() ? ` ${id}-error` : ''}`}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
          e.preventDefault()
          const step = (props.step ?? 15) * (e.key === 'ArrowUp' ? 1 : -1)
          const next = addMinutes(parseTime(text(), props.seconds) ?? props.value ?? '00:00', step)
          setLocalError(undefined)
          setText(formatTime(next))
          props.onChange(next)
        }}
      />
      <p class="field__hint" classList={{ 'visually-hidden': props.compact }} id={`${id}-format`}>
        {props.hint ? `${props.hint} ` : ''}
        {props.seconds ? t('ui.time.formatSeconds') : t('ui.time.format')}
      </p>
      <Show when={error()}>
        <p class="field__error" id={`${id}-error`}>
          {error()}
        </p>
      </Show>
    </div>
  )
}
