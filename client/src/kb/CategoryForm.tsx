import { revalidate } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type { KbCategory } from '../../../schema/api/kb.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { createFormState } from '../ui/form.ts'
import { addCategory, getArticles, removeCategory } from './data.ts'

/** Authors add and remove the categories of their organisation's knowledge base. */
export function CategoryForm(props: { orgId: string; categories: KbCategory[] }) {
  const [name, setName] = createSignal('')
  const form = createFormState()
  const headingId = createUniqueId()
  const hintId = createUniqueId()
  const own = () => props.categories.filter((c) => c.orgId === props.orgId)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const created = await form.run(() => addCategory(props.orgId, name().trim()))
    if (!created) return
    setName('')
    await revalidate(getArticles.key)
  }
  async function remove(id: string) {
    const done = await form.run(async () => {
      await removeCategory(props.orgId, id)
      return true
    })
    if (done) await revalidate(getArticles.key)
  }
  return (
    <form class="kb__categories stack" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('kb.categories')}</h2>
      <FormError message={form.message()} />
      <Show when={own().length > 0}>
        <ul class="kb__category-list" aria-describedby={hintId}>
          <For each={own()}>
            {(c) => (
              <li>
                <span>{c.name}</span>
                <button
                  type="button"
                  class="button button--quiet button--small"
                  disabled={form.pending()}
                  onClick={() => void remove(c.id)}
                >
                  {t('kb.removeCategory', { name: c.name })}
                </button>
              </li>
            )}
          </For>
        </ul>
        <p class="field__hint" id={hintId}>
          {t('kb.removeCategoryHint')}
        </p>
      </Show>
      <Field
        label={t('kb.categoryName')}
        required
        maxLength={100}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        error={form.field('name')}
      />
      <div>
        <button type="submit" class="button button--secondary" disabled={form.pending()}>
          {t('kb.addCategory')}
        </button>
      </div>
    </form>
  )
}
