import { For } from 'solid-js'

/**
 * A labelled group of checkboxes choosing a set of values (roles, groups, buildings, staircases):
 * a fieldset with its legend, one labelled checkbox per option, the chosen values kept in the
 * order they were ticked. Keyboard: Tab between boxes, Space ticks, as native checkboxes do.
 */
export function CheckGroup<T extends string>(props: {
  legend: string
  /** `name`: the box's accessible name when the label alone says too little (it must contain it). */
  options: readonly { value: T; label: string; name?: string }[]
  selected: readonly T[]
  onChange: (next: T[]) => void
  /** A class of the fieldset besides `checks`, for a page's own layout of the group. */
  class?: string
}) {
  const set = (value: T, on: boolean) =>
    props.onChange(
      on ? [...props.selected.filter((v) => v !== value), value] : props.selected.filter((v) => v !== value),
    )
  return (
    <fieldset class={props.class ? `checks ${props.class}` : 'checks'}>
      <legend>{props.legend}</legend>
      <For each={props.options}>
        {(o) => (
          <label class="check">
            <input
              type="checkbox"
              aria-label={o.name}
              checked={props.selected.includes(o.value)}
              onChange={(e) => set(o.value, e.currentTarget.checked)}
            />{' '}
            {o.label}
          </label>
        )}
      </For>
    </fieldset>
  )
}
