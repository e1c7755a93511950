import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import type { ArticleDetail } from '../../../schema/api/kb.ts'
import { formatDate, t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { deleteArticleAction, getArticle, publishAction } from './data.ts'

/**
 * /org/:orgId/kb/:articleId: one article. Its HTML comes from the server already sanitised
 * (server/kb/markdown.ts), which is the only reason it may be inserted as HTML here.
 */
export function ArticlePage() {
  const params = useParams<{ orgId: string; articleId: string }>()
  const article = createAsync(() => getArticle(params.orgId, params.articleId))
  // Outside the keyed view: a reloaded article (after publishing) must not lose the notice.
  const [notice, setNotice] = createSignal<string>()
  return (
    <Show when={article()} keyed>
      {(a) => <ArticleView orgId={params.orgId} article={a} notice={notice()} onNotice={setNotice} />}
    </Show>
  )
}

function ArticleView(props: {
  orgId: string
  article: ArticleDetail
  notice: string | undefined
  onNotice: (text: string) => void
}) {
  const navigate = useNavigate()
  const publishing = useMutation(publishAction)
  const removing = useMutation(deleteArticleAction)
  const form = {
    message: () => publishing.message() ?? removing.message(),
    pending: () => publishing.pending() || removing.pending(),
  }
  const [confirming, setConfirming] = createSignal(false)
  const a = () => props.article
  const base = () => `/org/${props.orgId}/kb/${a().id}`

  async function toggle() {
    const publish = a().status === 'draft'
    removing.reset()
    const done = await publishing.run(props.orgId, a().id, publish)
    if (!done) return
    props.onNotice(publish ? t('kb.published') : t('kb.unpublished'))
  }
  async function remove() {
    publishing.reset()
    const done = await removing.run(props.orgId, a().id)
    setConfirming(false)
    if (!done) return
    navigate(`/org/${props.orgId}/kb`)
  }

  return (
    <Page title={a().title}>
      <p class="kb-article__meta muted">
        <A href={`/org/${props.orgId}/kb`}>{t('kb.backToList')}</A>
        {' · '}
        {a().updatedByName
          ? t('kb.updatedBy', { date: formatDate(a().updatedAt), name: a().updatedByName ?? '' })
          : t('kb.updated', { date: formatDate(a().updatedAt) })}
        <Show when={a().orgId !== props.orgId}>
          {' · '}
          {t('kb.sharedBy', { org: a().orgName })}
        </Show>
        <Show when={a().status === 'draft'}>
          {' '}
          <span class="tag tag--warn">{t('kb.draft')}</span>
        </Show>
      </p>
      <Show when={props.notice}>
        <Alert kind="success">{props.notice}</Alert>
      </Show>
      <FormError message={form.message()} />
      <Show when={a().canEdit}>
        <div class="kb-article__actions">
          <A class="button button--secondary button--small" href={`${base()}/edit`}>
            {t('kb.edit')}
          </A>
          <button
            type="button"
            class="button button--small"
            disabled={form.pending()}
            onClick={() => void toggle()}
          >
            {a().status === 'draft' ? t('kb.publish') : t('kb.unpublish')}
          </button>
          <A class="button button--quiet button--small" href={`${base()}/versions`}>
            {t('kb.versions')}
          </A>
          <button
            type="button"
            class="button button--danger-outline button--small"
            onClick={() => setConfirming(true)}
          >
            {t('kb.remove')}
          </button>
        </div>
      </Show>
      {/* Sanitised on the server (markdown-it + sanitize-html): see server/kb/markdown.ts. */}
      <article class="kb-article__body" lang={a().language} innerHTML={a().html} />
      <ConfirmDialog
        open={confirming()}
        title={t('kb.remove')}
        message={t('kb.removeConfirm', { title: a().title })}
        confirmLabel={t('kb.remove')}
        danger
        pending={form.pending()}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </Page>
  )
}
