import { revalidate } from '@solidjs/router'
import { createSignal, createUniqueId, For } from 'solid-js'
import type { LocalNames } from '../../../../schema/localNames.ts'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { createFormState } from '../../ui/form.ts'
import { nameIn } from '../../ui/localName.ts'
import { hasAName, NamesFields } from '../../ui/NamesFields.tsx'
import { getOverview, type Overview } from '../data.ts'
import { createCategory, renameCategory } from './staffData.ts'

type Category = Overview['categories'][number]

/** Resource categories named in fi, sv and en: each one's names to edit, and a new one (issue 20). */
export function CategoryNames(props: { orgId: string; overview: Overview }) {
  const refresh = () => revalidate(getOverview.key)
  return (
    <>
      <ul class="staff-list">
        <For each={props.overview.categories}>
          {(c) => <CategoryEditor orgId={props.orgId} category={c} onSaved={refresh} />}
        </For>
      </ul>
      <NewCategory orgId={props.orgId} position={props.overview.categories.length} onSaved={refresh} />
    </>
  )
}

function CategoryEditor(props: { orgId: string; category: Category; onSaved: () => Promise<void> }) {
  const form = createFormState()
  const start = (): LocalNames => props.category.names ?? { fi: props.category.name }
  const [names, setNames] = createSignal<LocalNames>(start())
  const summaryId = createUniqueId()
  async function save(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(() => renameCategory(props.orgId, props.category.id, names()))) await props.onSaved()
  }
  return (
    <li>
      <details class="names-editor" onToggle={() => setNames(start())}>
        <summary id={summaryId}>{t('bookingStaff.renameCategory', { name: nameIn(props.category) })}</summary>
        <form class="stack" onSubmit={(e) => void save(e)} aria-labelledby={summaryId} novalidate>
          <FormError message={form.message()} />
          <NamesFields
            legend={t('bookingStaff.categoryNames')}
            names={names()}
            onChange={setNames}
            maxLength={100}
            error={(lang) => form.field(`names.${lang}`) ?? form.field('names')}
          />
          <button
            type="submit"
            class="button button--secondary"
            disabled={form.pending() || !hasAName(names())}
          >
            {t('bookingStaff.saveNames')}
          </button>
        </form>
      </details>
    </li>
  )
}

function NewCategory(props: { orgId: string; position: number; onSaved: () => Promise<void> }) {
  const form = createFormState()
  const [names, setNames] = createSignal<LocalNames>({})
  async function add(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(() => createCategory(props.orgId, names(), props.position))) {
      setNames({})
      await props.onSaved()
    }
  }
  return (
    <form class="stack" onSubmit={(e) => void add(e)} novalidate>
      <FormError message={form.message()} />
      <NamesFields
        legend={t('bookingStaff.newCategory')}
        names={names()}
        onChange={setNames}
        maxLength={100}
        error={(lang) => form.field(`names.${lang}`) ?? form.field('names')}
      />
      <button type="submit" class="button button--secondary" disabled={form.pending() || !hasAName(names())}>
        {t('bookingStaff.add')}
      </button>
    </form>
  )
}
