import { Combobox as KCombobox } from '@kobalte/core/combobox'
import { Select as KSelect } from '@kobalte/core/select'
import { Show } from 'solid-js'
import { IconCheck, IconChevronDown } from './icons.ts'

export type Option = { value: string; label: string; disabled?: boolean }

/**
 * A select that looks like the rest of the app and is the same in every browser: a button that
 * opens a listbox (Kobalte: arrow keys, Home/End, type-ahead, Escape, focus back to the button).
 * A hidden native select carries `name` for forms.
 */
export function Select(props: {
  label: string
  options: readonly Option[]
  value: string | undefined
  onChange: (value: string) => void
  placeholder?: string
  hint?: string | undefined
  error?: string | undefined
  name?: string
  disabled?: boolean
  hideLabel?: boolean
}) {
  const selected = () => props.options.find((o) => o.value === props.value) ?? null
  return (
    <KSelect<Option>
      class="field ui-select"
      classList={{ 'field--invalid': Boolean(props.error) }}
      options={[...props.options]}
      optionValue="value"
      optionTextValue="label"
      optionDisabled="disabled"
      value={selected()}
      onChange={(o) => o && props.onChange(o.value)}
      placeholder={props.placeholder}
      name={props.name}
      disabled={props.disabled}
      validationState={props.error ? 'invalid' : 'valid'}
      gutter={4}
      sameWidth
      itemComponent={(item) => (
        <KSelect.Item item={item.item} class="ui-listbox__item">
          <KSelect.ItemLabel>{item.item.rawValue.label}</KSelect.ItemLabel>
          <KSelect.ItemIndicator class="ui-listbox__check">
            <IconCheck size={16} />
          </KSelect.ItemIndicator>
        </KSelect.Item>
      )}
    >
      <KSelect.Label classList={{ 'visually-hidden': props.hideLabel === true }}>{props.label}</KSelect.Label>
      {/* The native select only for a form post: it trips axe's aria-hidden-focus otherwise. */}
      <Show when={props.name}>
        <KSelect.HiddenSelect />
      </Show>
      <KSelect.Trigger class="ui-select__trigger">
        <KSelect.Value<Option> class="ui-select__value">
          {(state) => state.selectedOption()?.label}
        </KSelect.Value>
        <KSelect.Icon class="ui-select__icon">
          <IconChevronDown size={18} />
        </KSelect.Icon>
      </KSelect.Trigger>
      <Show when={props.hint && !props.error}>
        <KSelect.Description class="field__hint">{props.hint}</KSelect.Description>
      </Show>
      <KSelect.ErrorMessage class="field__error">{props.error}</KSelect.ErrorMessage>
      <KSelect.Portal>
        <KSelect.Content class="ui-popover">
          <KSelect.Listbox class="ui-listbox" />
        </KSelect.Content>
      </KSelect.Portal>
    </KSelect>
  )
}

/**
 * A text field that filters a list as you type (people, categories): arrow keys move in the list,
 * Enter picks, Escape closes and keeps what was typed.
 */
export function Combobox(props: {
  label: string
  options: readonly Option[]
  value: string | undefined
  onChange: (value: string | undefined) => void
  placeholder?: string
  hint?: string | undefined
  error?: string | undefined
  name?: string
  emptyText: string
}) {
  const selected = () => props.options.find((o) => o.value === props.value) ?? null
  return (
    <KCombobox<Option>
      class="field ui-combobox"
      classList={{ 'field--invalid': Boolean(props.error) }}
      options={[...props.options]}
      optionValue="value"
      optionTextValue="label"
      optionLabel="label"
      optionDisabled="disabled"
      value={selected()}
      onChange={(o) => props.onChange(o?.value)}
      placeholder={props.placeholder}
      name={props.name}
      defaultFilter="contains"
      validationState={props.error ? 'invalid' : 'valid'}
      gutter={4}
      sameWidth
      itemComponent={(item) => (
        <KCombobox.Item item={item.item} class="ui-listbox__item">
          <KCombobox.ItemLabel>{item.item.rawValue.label}</KCombobox.ItemLabel>
          <KCombobox.ItemIndicator class="ui-listbox__check">
            <IconCheck size={16} />
          </KCombobox.ItemIndicator>
        </KCombobox.Item>
      )}
    >
      <KCombobox.Label>{props.label}</KCombobox.Label>
      <Show when={props.name}>
        <KCombobox.HiddenSelect />
      </Show>
      <KCombobox.Control class="ui-combobox__control">
        <KCombobox.Input class="ui-combobox__input" />
        <KCombobox.Trigger class="ui-combobox__trigger" aria-label={props.label}>
          <KCombobox.Icon>
            <IconChevronDown size={18} />
          </KCombobox.Icon>
        </KCombobox.Trigger>
      </KCombobox.Control>
      <Show when={props.hint && !props.error}>
        <KCombobox.Description class="field__hint">{props.hint}</KCombobox.Description>
      </Show>
      <KCombobox.ErrorMessage class="field__error">{props.error}</KCombobox.ErrorMessage>
      <KCombobox.Portal>
        <KCombobox.Content class="ui-popover">
          <KCombobox.Listbox class="ui-listbox" />
          <p class="ui-listbox__empty">{props.emptyText}</p>
        </KCombobox.Content>
      </KCombobox.Portal>
    </KCombobox>
  )
}
