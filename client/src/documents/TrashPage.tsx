import { A, createAsync, useAction, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Page } from '../ui/Page.tsx'
import { restoreAction } from './actions.ts'
import { getTrash } from './data.ts'
import { formatWhen } from './format.ts'

/** /org/:orgId/documents/trash: what was deleted, for management staff to restore. */
export function TrashPage() {
  const params = useParams<{ orgId: string }>()
  const trash = createAsync(() => getTrash(params.orgId))
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'error'; text: string }>()

  const restoreItem = useAction(restoreAction)
  async function restore(kind: 'folders' | 'documents', id: string, name: string) {
    try {
      await restoreItem(params.orgId, kind, id)
      setNotice({ kind: 'success', text: t('documents.restored', { name }) })
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) })
    }
  }
  const deletedBy = (when: string, name: string | null) =>
    t('documents.deletedBy', { when: formatWhen(when), name: name ?? t('documents.someone') })

  return (
    <Page title={t('documents.trash')} intro={t('documents.trashIntro')}>
      <p>
        <A href={`/org/${params.orgId}/documents`}>{t('documents.backToDocuments')}</A>
      </p>
      <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
      <Show when={trash()}>
        {(tr) => (
          <Show
            when={tr().folders.length + tr().documents.length > 0}
            fallback={<p class="empty">{t('documents.trashEmpty')}</p>}
          >
            <Show when={tr().folders.length > 0}>
              <h2>{t('documents.folders')}</h2>
              <ul class="trash-list">
                <For each={tr().folders}>
                  {(f) => (
                    <li class="trash-list__item">
                      <span class="trash-list__name">{f.name}</span>
                      <span class="muted">{deletedBy(f.deletedAt, f.deletedByName)}</span>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        aria-label={t('documents.restoreItem', { name: f.name })}
                        onClick={() => void restore('folders', f.id, f.name)}
                      >
                        {t('documents.restore')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={tr().documents.length > 0}>
              <h2>{t('documents.title')}</h2>
              <ul class="trash-list">
                <For each={tr().documents}>
                  {(d) => (
                    <li class="trash-list__item">
                      <span class="trash-list__name">{d.title}</span>
                      <span class="muted">
                        {t('documents.inFolder', { folder: d.folderName })} ·{' '}
                        {deletedBy(d.deletedAt, d.deletedByName)}
                      </span>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        aria-label={t('documents.restoreItem', { name: d.title })}
                        onClick={() => void restore('documents', d.id, d.title)}
                      >
                        {t('documents.restore')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        )}
      </Show>
    </Page>
  )
}
