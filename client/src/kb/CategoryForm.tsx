import { revalidate } from '@solidjs/router'
import { createSignal, createUniqueId } from 'solid-js'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { createFormState } from '../ui/form.ts'
import { addCategory, getArticles } from './data.ts'

/** Authors add categories to their organisation's knowledge base. */
export function CategoryForm(props: { orgId: string }) {
  const [name, setName] = createSignal('')
  const form = createFormState()
  const headingId = createUniqueId()
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const created = await form.run(() => addCategory(props.orgId, name().trim()))
    if (!created) return
    setName('')
    await revalidate(getArticles.key)
  }
  return (
    <form class="kb__categories stack" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('kb.categories')}</h2>
      <FormError message={form.message()} />
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
