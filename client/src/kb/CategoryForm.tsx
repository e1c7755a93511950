import { useAction } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type { KbCategory } from '../../../schema/api/kb.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { addCategoryAction, removeCategoryAction, renameCategoryAction } from './data.ts'

/** Authors add, rename and remove the categories of their organisation's knowledge base. */
export function CategoryForm(props: { orgId: string; categories: KbCategory[] }) {
  const [name, setName] = createSignal('')
  const adding = useMutation(addCategoryAction)
  const renamingNow = useMutation(renameCategoryAction)
  const removeCategory = useAction(removeCategoryAction)
  // One summary and one busy state for the form's two changes.
  const form = {
    message: () => adding.message() ?? renamingNow.message(),
    pending: () => adding.pending() || renamingNow.pending(),
  }
  const headingId = createUniqueId()
  const hintId = createUniqueId()
  const own = () => props.categories.filter((c) => c.orgId === props.orgId)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    renamingNow.reset()
    const created = await adding.run(props.orgId, name().trim())
    if (!created) return
    setName('')
  }
  // The category being renamed, and the name typed so far.
  const [renaming, setRenaming] = createSignal<{ id: string; name: string }>()
  // Back to the category's Rename button, so a keyboard user stays where they were.
  const stopRenaming = (id: string) => {
    setRenaming(undefined)
    queueMicrotask(() => document.querySelector<HTMLButtonElement>(`[data-rename="${id}"]`)?.focus())
  }
  async function rename() {
    const r = renaming()
    if (!r) return
    adding.reset()
    const done = await renamingNow.run(props.orgId, r.id, r.name.trim())
    if (!done) return
    stopRenaming(r.id)
  }
  // Articles survive a removed category, but the category itself cannot be brought back.
  const confirm = createConfirm()
  const remove = (c: KbCategory) =>
    confirm.ask({
      title: t('ui.confirm.removeTitle', { name: `”${c.name}”` }),
      message: `${t('kb.removeCategoryHint')} ${t('ui.confirm.cannotUndo')}`,
      confirmLabel: t('ui.confirm.remove'),
      run: () => removeCategory(props.orgId, c.id),
    })
  return (
    <>
      <form class="kb__categories stack" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
        <h2 id={headingId}>{t('kb.categories')}</h2>
        <FormError message={form.message()} />
        <Show when={own().length > 0}>
          <ul class="kb__category-list" aria-describedby={hintId}>
            <For each={own()}>
              {(c) => (
                <li>
                  <Show
                    when={renaming()?.id === c.id}
                    fallback={
                      <>
                        <span>{c.name}</span>
                        <button
                          type="button"
                          class="button button--quiet button--small"
                          disabled={form.pending()}
                          data-rename={c.id}
                          onClick={() => setRenaming({ id: c.id, name: c.name })}
                        >
                          {t('kb.renameCategory', { name: c.name })}
                        </button>
                        <button
                          type="button"
                          class="button button--quiet button--small"
                          disabled={form.pending()}
                          onClick={() => remove(c)}
                        >
                          {t('kb.removeCategory', { name: c.name })}
                        </button>
                      </>
                    }
                  >
                    {/* Inside the add form: Enter saves the rename, Escape cancels it. */}
                    <input
                      aria-label={t('kb.categoryNewName', { name: c.name })}
                      maxLength={100}
                      value={renaming()?.name ?? ''}
                      ref={(el) => queueMicrotask(() => el.focus())}
                      onInput={(e) => setRenaming({ id: c.id, name: e.currentTarget.value })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault()
                          void rename()
                        }
                        if (e.key === 'Escape') stopRenaming(c.id)
                      }}
                    />
                    <button
                      type="button"
                      class="button button--small"
                      disabled={form.pending() || !renaming()?.name.trim()}
                      onClick={() => void rename()}
                    >
                      {t('common.save')}
                    </button>
                    <button
                      type="button"
                      class="button button--quiet button--small"
                      onClick={() => stopRenaming(c.id)}
                    >
                      {t('common.cancel')}
                    </button>
                  </Show>
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
          error={adding.field('name') ?? renamingNow.field('name')}
        />
        <div>
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            {t('kb.addCategory')}
          </button>
        </div>
      </form>
      {confirm.view()}
    </>
  )
}
