import { A, createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { ArticleVersionDetail } from '../../../schema/api/kb.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { getArticle, getVersion, getVersions, restoreVersionAction } from './data.ts'

/**
 * /org/:orgId/kb/:articleId/versions: every saved version (who, when); show one, restore one.
 * Restoring saves the old text as a new version, so the history only ever grows.
 */
export function VersionsPage() {
  const params = useParams<{ orgId: string; articleId: string }>()
  const article = createAsync(() => getArticle(params.orgId, params.articleId))
  const versions = createAsync(() => getVersions(params.orgId, params.articleId))
  const [shown, setShown] = createSignal<ArticleVersionDetail>()
  const [notice, setNotice] = createSignal<string>()
  const form = useMutation(restoreVersionAction)
  // Showing a version only reads: its failure is kept here, beside the restore's.
  const [showError, setShowError] = createSignal<string>()

  async function show(version: number) {
    form.reset()
    setShowError(undefined)
    try {
      setShown(await getVersion(params.orgId, params.articleId, version))
    } catch (caught) {
      setShowError(errorMessage(caught))
    }
  }
  async function restore(version: number) {
    setShowError(undefined)
    const done = await form.run(params.orgId, params.articleId, version)
    if (!done) return
    setNotice(t('kb.restored', { from: String(version), to: String(done.version) }))
    setShown(undefined)
  }

  return (
    <Page title={t('kb.versionsTitle', { title: article()?.title ?? '' })}>
      <p>
        <A href={`/org/${params.orgId}/kb/${params.articleId}`}>{t('kb.backToArticle')}</A>
      </p>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <FormError message={form.message() ?? showError()} />
      <ol class="kb-versions">
        <For each={versions()?.versions ?? []}>
          {(v) => (
            <li
              class="kb-versions__item"
              classList={{ 'kb-versions__item--shown': shown()?.version === v.version }}
            >
              <div>
                <strong>{t('kb.version', { n: String(v.version) })}</strong>
                <Show when={v.current}>
                  {' '}
                  <span class="tag">{t('kb.current')}</span>
                </Show>
                <div class="muted">
                  {t('kb.versionBy', { date: formatDateTime(v.createdAt), name: v.createdByName ?? '—' })}
                </div>
                <div>{v.title}</div>
              </div>
              <div class="kb-versions__actions">
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={`${t('kb.view')}: ${t('kb.version', { n: String(v.version) })}`}
                  onClick={() => void show(v.version)}
                >
                  {t('kb.view')}
                </button>
                <Show when={!v.current}>
                  <button
                    type="button"
                    class="button button--small"
                    disabled={form.pending()}
                    aria-label={`${t('kb.restore')}: ${t('kb.version', { n: String(v.version) })}`}
                    onClick={() => void restore(v.version)}
                  >
                    {t('kb.restore')}
                  </button>
                </Show>
              </div>
            </li>
          )}
        </For>
      </ol>
      <Show when={shown()} keyed>
        {(v) => (
          <section class="kb-versions__shown" aria-labelledby="kb-version-shown">
            <h2 id="kb-version-shown">
              {t('kb.version', { n: String(v.version) })}: {v.title}
            </h2>
            {/* Sanitised on the server (server/kb/markdown.ts). */}
            <div class="kb-article__body" innerHTML={v.html} />
          </section>
        )}
      </Show>
    </Page>
  )
}
