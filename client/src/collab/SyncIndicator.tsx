import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { syncState } from './syncState.ts'

/** The header's sync state (saving / saved / offline / refused); nothing when no live document is open. */
export function SyncIndicator() {
  return (
    <Show when={syncState() !== 'idle'}>
      <span class={`sync sync--${syncState()}`} title={t(`sync.${syncState() as 'saved'}Hint`)}>
        <span class="sync__dot" aria-hidden="true" />
        {t(`sync.${syncState() as 'saved'}`)}
      </span>
    </Show>
  )
}
