import { createSignal, createUniqueId, For } from 'solid-js'
import type { LocalNames } from '../../../../schema/localNames.ts'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { nameIn } from '../../ui/localName.ts'
import { useMutation } from '../../ui/mutation.ts'
import { hasAName, NamesFields } from '../../ui/NamesFields.tsx'
import type { Overview } from '../data.ts'
import { createCategoryAction, renameCategoryAction } from './actions.ts'

type Category = Overview['categories'][number]

/** Resource categories named in fi, sv and en: each one's names to edit, and a new one (issue 20). */
export function CategoryNames(props: { orgId: string; overview: Overview }) {
  return (
    <>
      <ul class="staff-list">
        <For each={props.overview.categories}>
          {(c) => <CategoryEditor orgId={props.orgId} category={c} />}
        </For>
      </ul>
      <NewCategory orgId={props.orgId} position={props.overview.categories.length} />
    </>
  )
}

function CategoryEditor(props: { orgId: string; category: Category }) {
  // One editor per category on the page: this one's submissions only.
  const form = useMutation(renameCategoryAction, ([, id]) => id === props.category.id)
  const start = (): LocalNames => props.category.names ?? { fi: props.category.name }
  const [names, setNames] = createSignal<LocalNames>(start())
  const summaryId = createUniqueId()
  async function save(e: SubmitEvent) {
    e.preventDefault()
    await form.run(props.orgId, props.category.id, names())
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

function NewCategory(props: { orgId: string; position: number }) {
  const form = useMutation(createCategoryAction)
  const [names, setNames] = createSignal<LocalNames>({})
  async function add(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(props.orgId, names(), props.position)) setNames({})
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
