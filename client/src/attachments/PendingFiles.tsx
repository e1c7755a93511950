import { For } from 'solid-js'
import { t } from '../i18n/index.ts'

/** Files chosen but not sent yet, each with a labelled remove button. */
export function PendingFiles(props: { label: string; names: string[]; onRemove: (index: number) => void }) {
  return (
    <ul class="pending-files" aria-label={props.label}>
      <For each={props.names}>
        {(name, i) => (
          <li class="pending-file">
            <span class="pending-file__name">{name}</span>
            <button
              type="button"
              class="linklike"
              aria-label={`${t('attachments.remove')}: ${name}`}
              onClick={() => props.onRemove(i())}
            >
              ×
            </button>
          </li>
        )}
      </For>
    </ul>
  )
}
