import { Popover } from '@kobalte/core/popover'
import { createEffect, createMemo, createSignal, createUniqueId, For, onMount, Show } from 'solid-js'
import { language, t } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import {
  addDays,
  addMonths,
  formatFinnishDate,
  monthGrid,
  parseFinnishDate,
  parseIsoDate,
  todayIso,
} from './dates.ts'
import { onFormReset } from './formReset.ts'
import { IconCalendar, IconChevronLeft, IconChevronRight } from './icons.ts'

/**
 * A date field in Finnish format (6.12.2026) with a calendar in the app's language, Monday first.
 * Type the date, or open the calendar: arrows move a day or a week, PageUp/PageDown a month,
 * Home/End the week's ends, Enter picks, Escape closes and returns focus to the button.
 * `value` and `onChange` use ISO dates (YYYY-MM-DD); an empty field is ''. With `name`, a hidden
 * input of that name carries the ISO date, so a form read with FormData gets 2026-12-06, not the
 * text typed. `readOnly` (someone who may only look) keeps the text and drops the calendar.
 */
export function DatePicker(props: {
  label: string
  value: string
  onChange?: (iso: string) => void
  hint?: string | undefined
  error?: string | undefined
  name?: string
  required?: boolean
  readOnly?: boolean
  min?: string | undefined
  max?: string | undefined
}) {
  const id = createUniqueId()
  const [text, setText] = createSignal(formatFinnishDate(props.value))
  // The date chosen, for the hidden input of a form that is not controlled (no onChange needed).
  const [chosen, setChosen] = createSignal(props.value)
  const [localError, setLocalError] = createSignal<string>()
  const [open, setOpen] = createSignal(false)
  createEffect(() => {
    setText(formatFinnishDate(props.value))
    setChosen(props.value)
  })
  // A form read with FormData and cleared with reset(): after the browser has emptied the text,
  // both the text and the hidden ISO date go back to `value` (the browser leaves a hidden input).
  let input: HTMLInputElement | undefined
  onFormReset(
    () => input,
    () => {
      const back = formatFinnishDate(props.value)
      if (input) input.value = back
      setText(back)
      setChosen(props.value)
      setLocalError(undefined)
    },
  )
  function pick(iso: string) {
    setChosen(iso)
    props.onChange?.(iso)
  }

  function commit(value: string) {
    if (value.trim() === '') {
      setLocalError(undefined)
      pick('')
      return
    }
    const iso = parseFinnishDate(value)
    if (!iso) {
      setLocalError(t('ui.date.invalid'))
      return
    }
    setLocalError(undefined)
    setText(formatFinnishDate(iso))
    pick(iso)
  }
  const error = () => localError() ?? props.error
  const describedBy = () => [`${id}-format`, error() ? `${id}-error` : ''].filter(Boolean).join(' ')

  return (
    <div class="field ui-date" classList={{ 'field--invalid': Boolean(error()) }}>
      <label for={id}>{props.label}</label>
      <div class="ui-date__control">
        <input
          ref={input}
          id={id}
          inputmode="numeric"
          autocomplete="off"
          placeholder={t('ui.date.placeholder')}
          required={props.required}
          readOnly={props.readOnly}
          value={text()}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={describedBy()}
          onInput={(e) => setText(e.currentTarget.value)}
          onChange={(e) => commit(e.currentTarget.value)}
        />
        <Show when={props.name}>{(name) => <input type="hidden" name={name()} value={chosen()} />}</Show>
        <Show when={!props.readOnly}>
          <Popover open={open()} onOpenChange={setOpen} gutter={4} placement="bottom-end">
            <Popover.Trigger
              class="icon-button icon-button--quiet ui-date__button"
              aria-label={t('ui.date.open', { label: props.label })}
              title={t('ui.date.open', { label: props.label })}
            >
              <IconCalendar size={20} />
            </Popover.Trigger>
            <Popover.Portal>
              <Popover.Content
                class="ui-popover ui-calendar-popover"
                aria-label={props.label}
                // The calendar puts focus on the chosen (or today's) day itself, not on "previous month".
                onOpenAutoFocus={(e) => e.preventDefault()}
              >
                <Calendar
                  value={chosen()}
                  min={props.min}
                  max={props.max}
                  onPick={(iso) => {
                    setLocalError(undefined)
                    pick(iso)
                    setText(formatFinnishDate(iso))
                    setOpen(false)
                  }}
                />
              </Popover.Content>
            </Popover.Portal>
          </Popover>
        </Show>
      </div>
      <p class="field__hint" id={`${id}-format`}>
        {props.hint ? `${props.hint} ` : ''}
        {t('ui.date.format')}
      </p>
      <Show when={error()}>
        <p class="field__error" id={`${id}-error`}>
          {error()}
        </p>
      </Show>
    </div>
  )
}

/**
 * The month as a table of day buttons with one tab stop (the focused day) and arrow keys: a data
 * table with buttons reads better in screen readers than an ARIA grid, and keeps the table's
 * weekday headers.
 */
export function Calendar(props: {
  value: string
  onPick: (iso: string) => void
  min?: string | undefined
  max?: string | undefined
}) {
  const today = todayIso()
  const [focused, setFocused] = createSignal(parseIsoDate(props.value) ? props.value : today)
  const month = createMemo(() => {
    const d = parseIsoDate(focused())
    return d ? { year: d.year, month: d.month } : { year: 2026, month: 1 }
  })
  const title = () =>
    new Intl.DateTimeFormat(LOCALE[language()], { month: 'long', year: 'numeric' }).format(
      new Date(Date.UTC(month().year, month().month - 1, 1)),
    )
  const weekdays = () => {
    const fmt = new Intl.DateTimeFormat(LOCALE[language()], { weekday: 'short', timeZone: 'UTC' })
    const long = new Intl.DateTimeFormat(LOCALE[language()], { weekday: 'long', timeZone: 'UTC' })
    // 2024-01-01 was a Monday.
    return Array.from({ length: 7 }, (_, i) => {
      const d = new Date(Date.UTC(2024, 0, 1 + i))
      return { short: fmt.format(d), long: long.format(d) }
    })
  }
  const dayLabel = (iso: string) =>
    new Intl.DateTimeFormat(LOCALE[language()], { dateStyle: 'full', timeZone: 'UTC' }).format(
      new Date(`${iso}T00:00:00Z`),
    )
  const outside = (iso: string) =>
    (props.min !== undefined && iso < props.min) || (props.max !== undefined && iso > props.max)
  let grid: HTMLTableElement | undefined
  let moved = false

  function move(next: string) {
    moved = true
    setFocused(next)
  }
  createEffect(() => {
    const iso = focused()
    if (!moved) return
    grid?.querySelector<HTMLButtonElement>(`[data-date="${iso}"]`)?.focus()
  })
  onMount(() => grid?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus())

  function onKeyDown(e: KeyboardEvent) {
    const keys: Record<string, () => string> = {
      ArrowLeft: () => addDays(focused(), -1),
      ArrowRight: () => addDays(focused(), 1),
      ArrowUp: () => addDays(focused(), -7),
      ArrowDown: () => addDays(focused(), 7),
      PageUp: () => addMonths(focused(), e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(focused(), e.shiftKey ? 12 : 1),
      Home: () => addDays(focused(), -((new Date(`${focused()}T00:00:00Z`).getUTCDay() + 6) % 7)),
      End: () => addDays(focused(), 6 - ((new Date(`${focused()}T00:00:00Z`).getUTCDay() + 6) % 7)),
    }
    const to = keys[e.key]
    if (!to) return
    e.preventDefault()
    move(to())
  }

  return (
    <div class="ui-calendar">
      <div class="ui-calendar__head">
        <button
          type="button"
          class="icon-button icon-button--quiet"
          aria-label={t('ui.date.previousMonth')}
          title={t('ui.date.previousMonth')}
          onClick={() => setFocused(addMonths(focused(), -1))}
        >
          <IconChevronLeft size={20} />
        </button>
        <h2 class="ui-calendar__title" aria-live="polite">
          {title()}
        </h2>
        <button
          type="button"
          class="icon-button icon-button--quiet"
          aria-label={t('ui.date.nextMonth')}
          title={t('ui.date.nextMonth')}
          onClick={() => setFocused(addMonths(focused(), 1))}
        >
          <IconChevronRight size={20} />
        </button>
      </div>
      <table ref={grid} class="ui-calendar__grid" aria-label={title()} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            <For each={weekdays()}>
              {(day) => (
                <th scope="col" abbr={day.long}>
                  {day.short}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={monthGrid(month().year, month().month)}>
            {(week) => (
              <tr>
                <For each={week}>
                  {(iso) => (
                    <td>
                      <Show when={iso}>
                        {(day) => (
                          <button
                            type="button"
                            class="ui-calendar__day"
                            classList={{
                              'is-today': day() === today,
                              'is-selected': day() === props.value,
                            }}
                            data-date={day()}
                            tabindex={day() === focused() ? 0 : -1}
                            disabled={outside(day())}
                            aria-label={dayLabel(day())}
                            aria-current={day() === today ? 'date' : undefined}
                            aria-pressed={day() === props.value}
                            onClick={() => props.onPick(day())}
                          >
                            {Number(day().slice(8))}
                          </button>
                        )}
                      </Show>
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
