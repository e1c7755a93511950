import { createSignal, For } from 'solid-js'
import { METER_KINDS, METER_UNITS } from '../../../schema/meters/kinds.ts'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { errorMessage, fieldErrors } from '../ui/errors.ts'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { createMeterAction } from './actions.ts'
import { unitLabel } from './unit.ts'

/** Staff add a meter to a building, or to one of its apartments (chosen from that building's). */
export function NewMeterForm(props: {
  orgId: string
  buildings: { id: string; name: string }[]
  apartments: { id: string; number: string; buildingId: string }[]
}) {
  const [building, setBuilding] = createSignal(props.buildings[0]?.id ?? '')
  const form = useMutation(createMeterAction)
  const error = form.error
  const [done, setDone] = createSignal(false)
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const element = e.currentTarget as HTMLFormElement
    const data = new FormData(element)
    setDone(false)
    const created = await form.run(props.orgId, {
      buildingId: data.get('buildingId'),
      apartmentId: (data.get('apartmentId') as string) || null,
      kind: data.get('kind'),
      serial: data.get('serial'),
      unit: data.get('unit'),
      location: data.get('location'),
    })
    if (!created) return
    element.reset()
    setDone(true)
  }
  const fields = () => fieldErrors(error())
  return (
    <details class="meters__new">
      <summary>{t('meters.addMeter')}</summary>
      <form onSubmit={submit}>
        <FormError message={error() ? errorMessage(error()) : undefined} />
        <SelectField
          label={t('meters.building')}
          name="buildingId"
          required
          value={building()}
          onChange={(e) => setBuilding(e.currentTarget.value)}
        >
          <For each={props.buildings}>{(b) => <option value={b.id}>{b.name}</option>}</For>
        </SelectField>
        <SelectField label={t('meters.apartmentOptional')} name="apartmentId" error={fields().apartmentId}>
          <option value="">{t('meters.common')}</option>
          <For each={props.apartments.filter((a) => a.buildingId === building())}>
            {(a) => <option value={a.id}>{a.number}</option>}
          </For>
        </SelectField>
        <SelectField label={t('meters.kindLabel')} name="kind">
          <For each={METER_KINDS}>{(k) => <option value={k}>{t(`meters.kind.${k}`)}</option>}</For>
        </SelectField>
        <Field label={t('meters.serial')} name="serial" required error={fields().serial} />
        <SelectField label={t('meters.unit')} name="unit">
          <For each={METER_UNITS}>{(u) => <option value={u}>{unitLabel(u)}</option>}</For>
        </SelectField>
        <Field label={t('meters.location')} name="location" error={fields().location} />
        <button type="submit" class="button">
          {t('meters.addMeter')}
        </button>
        {done() && <Alert kind="success">{t('meters.created')}</Alert>}
      </form>
    </details>
  )
}
