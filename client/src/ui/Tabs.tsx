import { Tabs as KTabs } from '@kobalte/core/tabs'
import { For, type JSX } from 'solid-js'

export type Tab = { value: string; label: string; content: () => JSX.Element }

/**
 * Tabs with the keyboard model of the ARIA pattern (Kobalte): Tab enters the list at the
 * selected tab, arrows move and select, Home/End jump, Tab again goes into the panel.
 */
export function Tabs(props: {
  label: string
  tabs: readonly Tab[]
  value?: string
  onChange?: (value: string) => void
  defaultValue?: string
}) {
  return (
    <KTabs
      class="ui-tabs"
      value={props.value}
      defaultValue={props.defaultValue ?? props.tabs[0]?.value}
      onChange={(v) => props.onChange?.(v)}
    >
      <KTabs.List class="ui-tabs__list" aria-label={props.label}>
        <For each={props.tabs}>
          {(tab) => (
            <KTabs.Trigger class="ui-tabs__tab" value={tab.value}>
              {tab.label}
            </KTabs.Trigger>
          )}
        </For>
        <KTabs.Indicator class="ui-tabs__indicator" />
      </KTabs.List>
      <For each={props.tabs}>
        {(tab) => (
          <KTabs.Content class="ui-tabs__panel" value={tab.value}>
            {tab.content()}
          </KTabs.Content>
        )}
      </For>
    </KTabs>
  )
}
