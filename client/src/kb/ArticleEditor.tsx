import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show } from 'solid-js'
import type { ArticleDetail, ArticleListResponse } from '../../../schema/api/kb.ts'
import { ApiError } from '../api.ts'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { type ArticleInput, getArticle, getArticles, renderPreview, saveArticleAction } from './data.ts'

/** /org/:orgId/kb/new and /org/:orgId/kb/:articleId/edit. */
export function ArticleEditorPage() {
  const params = useParams<{ orgId: string; articleId?: string }>()
  const loaded = createAsync(async () => {
    const [list, article] = await Promise.all([
      getArticles(params.orgId),
      params.articleId ? getArticle(params.orgId, params.articleId) : Promise.resolve(null),
    ])
    return { list, article }
  })
  return (
    <Show when={loaded()} keyed>
      {(l) => <Editor orgId={params.orgId} list={l.list} article={l.article} />}
    </Show>
  )
}

/**
 * A labelled textarea for the Markdown and a preview rendered by the server (the same renderer
 * and sanitiser as the article page), refreshed shortly after typing stops. Saving creates a new
 * version; a save based on an older version is refused and said so.
 */
function Editor(props: { orgId: string; list: ArticleListResponse; article: ArticleDetail | null }) {
  const navigate = useNavigate()
  const form = useMutation(saveArticleAction)
  const previewId = createUniqueId()
  const start = props.article
  const [title, setTitle] = createSignal(start?.title ?? '')
  const [body, setBody] = createSignal(start?.body ?? '')
  const [categoryId, setCategoryId] = createSignal<string | null>(start?.categoryId ?? null)
  const [language, setLanguage] = createSignal<ArticleInput['language']>(start?.language ?? 'fi')
  const [shared, setShared] = createSignal(start?.shared ?? false)
  const [preview, setPreview] = createSignal('')
  // Saved on an older version than the server's: said in words of its own, not the generic error.
  const conflict = () => {
    const e = form.error()
    return e instanceof ApiError && e.code === 'conflict'
  }
  const ownCategories = () => props.list.categories.filter((c) => c.orgId === props.orgId)

  let timer: ReturnType<typeof setTimeout> | undefined
  let sequence = 0
  createEffect(
    on(body, (text) => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        const mine = ++sequence
        renderPreview(props.orgId, text).then(
          (r) => mine === sequence && setPreview(r.html),
          () => {},
        )
      }, 250)
    }),
  )
  onCleanup(() => clearTimeout(timer))

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const input: ArticleInput = {
      title: title().trim(),
      body: body(),
      categoryId: categoryId(),
      language: language(),
      shared: props.list.canShare && shared(),
    }
    const saved = await form.run(props.orgId, start?.id, input, start?.version ?? 0)
    if (!saved) return
    navigate(`/org/${props.orgId}/kb/${saved.id}`)
  }

  return (
    <Page title={start ? t('kb.editTitle') : t('kb.newArticle')} wide>
      <p>
        <A href={start ? `/org/${props.orgId}/kb/${start.id}` : `/org/${props.orgId}/kb`}>
          {start ? t('kb.backToArticle') : t('kb.backToList')}
        </A>
      </p>
      <form class="kb-editor" onSubmit={(e) => void submit(e)}>
        <Show when={conflict()} fallback={<FormError message={form.message()} />}>
          <Alert kind="error">{t('kb.conflict')}</Alert>
        </Show>
        <div class="kb-editor__meta">
          <Field
            label={t('kb.articleTitle')}
            required
            maxLength={200}
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
            error={form.field('title')}
          />
          <SelectField
            label={t('kb.category')}
            value={categoryId() ?? ''}
            onChange={(e) => setCategoryId(e.currentTarget.value || null)}
            error={form.field('categoryId')}
          >
            <option value="">{t('kb.noCategory')}</option>
            <For each={ownCategories()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </SelectField>
          <SelectField
            label={t('kb.language')}
            value={language()}
            onChange={(e) => setLanguage(e.currentTarget.value as ArticleInput['language'])}
          >
            <option value="fi">{t('languages.fi')}</option>
            <option value="sv">{t('languages.sv')}</option>
            <option value="en">{t('languages.en')}</option>
          </SelectField>
        </div>
        <Show when={props.list.canShare}>
          <div class="field kb-editor__share">
            <label>
              <input
                type="checkbox"
                checked={shared()}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />{' '}
              {t('kb.share')}
            </label>
            <p class="field__hint">{t('kb.shareHint')}</p>
          </div>
        </Show>
        <div class="kb-editor__panes">
          <TextAreaField
            label={t('kb.body')}
            hint={t('kb.bodyHint')}
            class="kb-editor__text"
            rows={18}
            maxLength={100000}
            value={body()}
            onInput={(e) => setBody(e.currentTarget.value)}
            error={form.field('body')}
          />
          <section class="kb-editor__preview" aria-labelledby={previewId}>
            <h2 id={previewId}>{t('kb.preview')}</h2>
            <Show when={preview()} fallback={<p class="muted">{t('kb.previewEmpty')}</p>}>
              {/* Sanitised on the server, like the article page. */}
              <div class="kb-article__body" innerHTML={preview()} />
            </Show>
          </section>
        </div>
        <div>
          <button type="submit" class="button" disabled={form.pending()}>
            {t('kb.save')}
          </button>
        </div>
      </form>
    </Page>
  )
}
