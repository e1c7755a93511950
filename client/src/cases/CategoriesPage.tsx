import { A, createAsync, useParams } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type { CaseCategories } from '../../../schema/api/cases.ts'
import type { CaseCategory } from '../../../schema/cases.ts'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { addCategoryAction, getAllCategories, updateCategoryAction } from './data.ts'
import { categoryLabel } from './labels.tsx'

/**
 * /org/:orgId/cases/categories: staff and the board add, rename and retire the cooperative's
 * case categories. Retiring keeps a category on the cases filed under it; nothing is deleted.
 */
export function CategoriesPage() {
  const params = useParams<{ orgId: string }>()
  const data = createAsync(() => getAllCategories(params.orgId))
  const [notice, setNotice] = createSignal<string>()
  // The rows' and the add form's actions have refetched the categories by now.
  const changed = (message: string) => setNotice(message)

  return (
    <Page title={t('cases.categories.title')}>
      <p class="case-detail__crumbs">
        <A href={`/org/${params.orgId}/cases`}>← {t('cases.backToList')}</A>
      </p>
      <p class="muted">{t('cases.categories.intro')}</p>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <Show when={data()} fallback={<Loading />} keyed>
        {(d: CaseCategories) => (
          <Show
            when={d.abilities?.manage}
            fallback={<Alert kind="error">{t('cases.categories.denied')}</Alert>}
          >
            <ul class="category-list">
              <For each={d.categories}>
                {(c) => <CategoryRow orgId={params.orgId} category={c} onChanged={changed} />}
              </For>
            </ul>
            <AddCategory orgId={params.orgId} onAdded={changed} />
          </Show>
        )}
      </Show>
    </Page>
  )
}

function CategoryRow(props: { orgId: string; category: CaseCategory; onChanged: (notice: string) => void }) {
  const [renaming, setRenaming] = createSignal(false)
  const [name, setName] = createSignal('')
  const form = useMutation(updateCategoryAction, ([, key]) => key === props.category.key)
  const c = () => props.category
  const active = () => c().active !== false
  let renameButton: HTMLButtonElement | undefined

  const start = () => {
    setName(categoryLabel(c()))
    form.reset()
    setRenaming(true)
  }
  const stop = () => {
    setRenaming(false)
    // The refetched list may have drawn this row anew: its button is found again by its key.
    queueMicrotask(() =>
      (
        document.querySelector<HTMLButtonElement>(`[data-rename-category="${c().key}"]`) ?? renameButton
      )?.focus(),
    )
  }
  async function rename(e: SubmitEvent) {
    e.preventDefault()
    const done = await form.run(props.orgId, c().key, { name: name().trim() })
    if (!done) return
    stop()
    props.onChanged(t('cases.categories.renamed', { name: name().trim() }))
  }
  async function toggle() {
    const label = categoryLabel(c())
    const done = await form.run(props.orgId, c().key, { active: !active() })
    if (done)
      props.onChanged(t(active() ? 'cases.categories.retired' : 'cases.categories.restored', { name: label }))
  }

  return (
    <li class="category-row" classList={{ 'category-row--retired': !active() }}>
      <Show
        when={renaming()}
        fallback={
          <div class="category-row__line">
            <span class="category-row__name">{categoryLabel(c())}</span>
            <Show when={!active()}>
              <span class="tag">{t('cases.categories.retiredTag')}</span>
            </Show>
            <span class="category-row__actions">
              <button
                type="button"
                class="button button--small button--secondary"
                ref={renameButton}
                data-rename-category={c().key}
                onClick={start}
                aria-label={t('cases.categories.renameLabel', { name: categoryLabel(c()) })}
              >
                {t('cases.categories.rename')}
              </button>
              <button
                type="button"
                class="button button--small button--secondary"
                disabled={form.pending()}
                onClick={() => void toggle()}
                aria-label={t(active() ? 'cases.categories.retireLabel' : 'cases.categories.restoreLabel', {
                  name: categoryLabel(c()),
                })}
              >
                {t(active() ? 'cases.categories.retire' : 'cases.categories.restore')}
              </button>
            </span>
          </div>
        }
      >
        <form class="category-row__rename" onSubmit={(e) => void rename(e)}>
          <Field
            label={t('cases.categories.name')}
            required
            maxLength={100}
            value={name()}
            autofocus
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') stop()
            }}
            error={form.field('name')}
          />
          <div class="category-row__actions">
            <button type="submit" class="button button--small" disabled={form.pending() || !name().trim()}>
              {t('common.save')}
            </button>
            <button type="button" class="button button--small button--secondary" onClick={stop}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Show>
      <FormError message={form.message()} />
    </li>
  )
}

function AddCategory(props: { orgId: string; onAdded: (notice: string) => void }) {
  const [name, setName] = createSignal('')
  const form = useMutation(addCategoryAction)
  const headingId = createUniqueId()
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const value = name().trim()
    const done = await form.run(props.orgId, value)
    if (!done) return
    setName('')
    props.onAdded(t('cases.categories.added', { name: value }))
  }
  return (
    <form class="stack category-add" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('cases.categories.add')}</h2>
      <FormError message={form.message()} />
      <Field
        label={t('cases.categories.name')}
        required
        maxLength={100}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        error={form.field('name')}
      />
      <button type="submit" class="button" disabled={form.pending() || !name().trim()}>
        {t('cases.categories.addButton')}
      </button>
    </form>
  )
}
