import { For } from 'solid-js'
import type { FilterOption } from '../../../schema/reports/common.ts'
import { type MessageKey, t } from '../i18n/index.ts'
import type { FilterField } from './filters.ts'

/**
 * One report filter as a labelled native select (keyboard and screen readers as the platform
 * gives them). Its choices: years and months, fixed codes, or those the report sent with its data
 * (buildings, boards, labels). Each option says whether it is the chosen one, so a choice that
 * arrives with the data after the select is drawn still shows as chosen.
 */
export function FilterSelect(props: { field: FilterField; value: string; choices: FilterOption[] }) {
  const thisYear = new Date().getFullYear()
  const options = (): FilterOption[] => {
    const f = props.field
    const all = { value: '', label: t('reports.ui.all') }
    if (f.key === 'year') {
      // This year is the default: no value in the address.
      return Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({
        value: y === thisYear ? '' : String(y),
        label: String(y),
      }))
    }
    if (f.key === 'month') {
      return [all, ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))]
    }
    if ('options' in f) {
      return [all, ...f.options.map((o) => ({ value: o, label: t(`reports.${f.texts}.${o}` as MessageKey) }))]
    }
    return [all, ...props.choices]
  }
  return (
    <label class="field">
      <span class="field__label">{t(`reports.filter.${props.field.key}` as MessageKey)}</span>
      <select name={props.field.key}>
        <For each={options()}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </label>
  )
}
