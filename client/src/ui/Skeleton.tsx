import { For } from 'solid-js'
import { t } from '../i18n/index.ts'

/**
 * Grey shapes where content is coming, instead of a blank "Loading…": the page keeps its layout
 * and the wait feels shorter. One status for screen readers says what is happening.
 */
export function Skeleton(props: { lines?: number; variant?: 'page' | 'list' | 'text' }) {
  const lines = () => props.lines ?? (props.variant === 'list' ? 5 : 3)
  return (
    <div class={`skeleton skeleton--${props.variant ?? 'text'}`} role="status" aria-busy="true">
      <span class="visually-hidden">{t('app.loading')}</span>
      {props.variant === 'page' ? <div class="skeleton__bar skeleton__title" aria-hidden="true" /> : null}
      <For each={Array.from({ length: lines() })}>
        {(_, i) => (
          <div
            class="skeleton__bar"
            classList={{ skeleton__row: props.variant === 'list' || props.variant === 'page' }}
            style={{
              width: props.variant === 'text' || !props.variant ? `${[92, 78, 64, 85][i() % 4]}%` : undefined,
            }}
            aria-hidden="true"
          />
        )}
      </For>
    </div>
  )
}
