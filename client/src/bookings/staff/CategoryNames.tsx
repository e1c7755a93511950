import { createSignal, For } from 'solid-js'
import type { LocalNames } from '../../../../schema/localNames.ts'
import { t } from '../../i18n/index.ts'
import { nameIn } from '../../ui/localName.ts'
import { useMutation } from '../../ui/mutation.ts'
import { NamesEditor, NamesForm } from '../../ui/NamesForm.tsx'
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
  return (
    <li>
      <NamesEditor
        form={form}
        summary={t('bookingStaff.renameCategory', { name: nameIn(props.category) })}
        legend={t('bookingStaff.categoryNames')}
        maxLength={100}
        submit={t('bookingStaff.saveNames')}
        current={() => props.category.names ?? { fi: props.category.name }}
        save={(names) => form.run(props.orgId, props.category.id, names)}
      />
    </li>
  )
}

function NewCategory(props: { orgId: string; position: number }) {
  const form = useMutation(createCategoryAction)
  const [names, setNames] = createSignal<LocalNames>({})
  return (
    <NamesForm
      form={form}
      legend={t('bookingStaff.newCategory')}
      maxLength={100}
      names={names()}
      onNames={setNames}
      submit={t('bookingStaff.add')}
      buttonClass="button button--secondary"
      onSubmit={async () => {
        if (await form.run(props.orgId, names(), props.position)) setNames({})
      }}
    />
  )
}
