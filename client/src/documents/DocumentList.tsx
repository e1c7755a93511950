import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import type { DocumentRow } from './data.ts'
import { formatSize, formatWhen } from './format.ts'

/** The documents of a folder as a list that reads well on a phone: title, then file facts. */
export function DocumentList(props: {
  orgId: string
  folderId: string
  documents: DocumentRow[]
  selected: string | undefined
}) {
  return (
    <Show when={props.documents.length > 0} fallback={<p class="empty">{t('documents.noDocuments')}</p>}>
      <ul class="doc-list">
        <For each={props.documents}>
          {(d) => (
            <li class="doc-list__item" classList={{ 'is-selected': d.id === props.selected }}>
              <A
                href={`/org/${props.orgId}/documents/${props.folderId}?document=${d.id}`}
                class="doc-list__title"
                aria-current={d.id === props.selected ? 'true' : undefined}
              >
                {d.title}
              </A>
              <span class="doc-list__meta">
                <span>{d.fileName}</span>
                <span>{t('documents.versionN', { n: d.version })}</span>
                <span>{formatSize(d.size)}</span>
                <span>
                  <span class="visually-hidden">{t('documents.columnUpdated')} </span>
                  <time datetime={d.updatedAt}>{formatWhen(d.updatedAt)}</time>
                </span>
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
