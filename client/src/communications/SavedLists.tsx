import { createResource, createSignal, For, Show } from 'solid-js'
import type { Segment } from '../../../schema/communications/api.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { deleteListAction, getSavedLists, saveListAction } from './data.ts'

/**
 * The composer's saved recipient lists: load one (its groups replace the choice), save the groups
 * chosen now under a name, delete one (confirmed). A list holds groups, not people: whoever is in
 * them when a message is sent gets it.
 */
export function SavedLists(props: {
  orgId: string
  segments: Segment[]
  onLoad: (segments: Segment[]) => void
}) {
  const [lists, { refetch }] = createResource(() => props.orgId, getSavedLists)
  const [chosen, setChosen] = createSignal('')
  const [name, setName] = createSignal('')
  const save = useMutation(saveListAction)
  const remove = useMutation(deleteListAction)
  const confirm = createConfirm()
  const selected = () => lists()?.find((l) => l.id === chosen())

  const saveNow = async () => {
    const saved = await save.run(props.orgId, { name: name(), audience: { segments: props.segments } })
    if (!saved) return
    setName('')
    await refetch()
    setChosen(saved.id)
  }
  const askDelete = () => {
    const list = selected()
    if (!list) return
    confirm.ask({
      title: t('communications.deleteListTitle', { name: list.name }),
      message: t('communications.deleteListMessage'),
      confirmLabel: t('communications.deleteList'),
      run: async () => {
        if (!(await remove.run(props.orgId, list.id))) throw new Error(remove.message())
        setChosen('')
        await refetch()
      },
    })
  }

  return (
    <div class="compose__lists">
      <Show when={(lists()?.length ?? 0) > 0}>
        <SelectField
          label={t('communications.savedLists')}
          value={chosen()}
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          <option value="">{t('communications.chooseList')}</option>
          <For each={lists()}>{(l) => <option value={l.id}>{l.name}</option>}</For>
        </SelectField>
        <div class="row">
          <button
            type="button"
            class="button"
            disabled={!selected()}
            onClick={() => {
              const list = selected()
              if (list) props.onLoad(list.audience.segments)
            }}
          >
            {t('communications.useList')}
          </button>
          <button type="button" class="button" disabled={!selected()} onClick={askDelete}>
            {t('communications.deleteList')}
          </button>
        </div>
      </Show>
      <Field
        label={t('communications.listName')}
        hint={t('communications.listNameHint')}
        value={name()}
        maxLength={100}
        onInput={(e) => setName(e.currentTarget.value)}
        error={save.field('name')}
      />
      <button
        type="button"
        class="button"
        disabled={save.pending() || name().trim() === ''}
        onClick={() => void saveNow()}
      >
        {t('communications.saveList')}
      </button>
      <FormError message={save.message()} />
      {confirm.view()}
    </div>
  )
}
