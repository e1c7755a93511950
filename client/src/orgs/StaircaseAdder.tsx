import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Button } from '../ui/Button.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { toast } from '../ui/Toast.tsx'
import { addStaircaseAction } from './actions.ts'
import type { OrgStructure } from './data.ts'

/** Adds a staircase to one building (POST /api/orgs/:id/buildings/:buildingId/staircases). */
export function StaircaseAdder(props: { orgId: string; building: OrgStructure['buildings'][number] }) {
  const form = useMutation(addStaircaseAction, ([, buildingId]) => buildingId === props.building.id)
  const [name, setName] = createSignal('')
  async function add(e: SubmitEvent) {
    e.preventDefault()
    const value = name().trim()
    if (!value) return form.setFieldProblems({ name: t('orgSettings.nameNeeded') })
    const done = await form.run(props.orgId, props.building.id, value)
    if (!done) return
    setName('')
    toast({ message: t('orgSettings.added', { name: value }) })
  }
  return (
    <form
      class="settings-adder"
      novalidate
      onSubmit={add}
      aria-label={t('orgSettings.addStaircase', { name: props.building.name })}
    >
      <FormError message={form.message()} />
      <Field
        label={t('orgSettings.newStaircase')}
        name="name"
        autocomplete="off"
        maxLength={20}
        value={name()}
        error={form.field('name')}
        onInput={(e) => {
          if (form.field('name')) form.reset()
          setName(e.currentTarget.value)
        }}
      />
      <Button type="submit" variant="secondary" pending={form.pending()}>
        {t('orgSettings.add')}
      </Button>
    </form>
  )
}
