import { createSignal, For, Show } from 'solid-js'
import type { MeterSummary } from '../../../schema/api/meters.ts'
import { METER_KINDS, METER_UNITS } from '../../../schema/meters/kinds.ts'
import { ApiError } from '../api.ts'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { errorMessage, fieldErrors } from '../ui/errors.ts'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { updateMeterAction } from './actions.ts'
import { unitLabel } from './unit.ts'

/**
 * Staff correct a meter (PATCH /api/meters/:org/:meter): serial number, unit, location, kind.
 * Only the fields that differ from the meter are sent, so the audit entry names what changed.
 * Its building and apartment are not editable: a meter moved elsewhere is retired and added anew.
 */
export function EditMeterForm(props: { orgId: string; meter: MeterSummary }) {
  const form = useMutation(updateMeterAction)
  const error = form.error
  const [notice, setNotice] = createSignal<{ kind: 'success' | 'info'; text: string }>()
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const data = new FormData(e.currentTarget as HTMLFormElement)
    form.reset()
    setNotice(undefined)
    const m = props.meter
    const changes: Record<string, string> = {}
    for (const key of ['kind', 'serial', 'unit', 'location'] as const) {
      const value = String(data.get(key) ?? '').trim()
      if (value !== m[key]) changes[key] = value
    }
    if (Object.keys(changes).length === 0) {
      setNotice({ kind: 'info', text: t('meters.edit.nothing') })
      return
    }
    if (await form.run(props.orgId, m.id, changes))
      setNotice({ kind: 'success', text: t('meters.edit.saved') })
  }
  const message = () => {
    const err = error()
    if (!err) return undefined
    // The one conflict a live meter can meet: another meter of its kind has that serial number.
    return err instanceof ApiError && err.code === 'conflict'
      ? t('meters.edit.serialTaken')
      : errorMessage(err)
  }
  const fields = () => fieldErrors(error())
  return (
    <details class="meters__new">
      <summary>{t('meters.edit.title')}</summary>
      <form onSubmit={submit}>
        <FormError message={message()} />
        <SelectField label={t('meters.kindLabel')} name="kind" error={fields().kind}>
          <For each={METER_KINDS}>
            {(k) => (
              <option value={k} selected={k === props.meter.kind}>
                {t(`meters.kind.${k}`)}
              </option>
            )}
          </For>
        </SelectField>
        <Field
          label={t('meters.serial')}
          name="serial"
          required
          maxLength={60}
          value={props.meter.serial}
          error={fields().serial}
        />
        <SelectField label={t('meters.unit')} name="unit" error={fields().unit}>
          <For each={METER_UNITS}>
            {(u) => (
              <option value={u} selected={u === props.meter.unit}>
                {unitLabel(u)}
              </option>
            )}
          </For>
        </SelectField>
        <Field
          label={t('meters.location')}
          name="location"
          maxLength={200}
          value={props.meter.location}
          error={fields().location}
        />
        <button type="submit" class="button">
          {t('meters.edit.save')}
        </button>
        <Show when={notice()} keyed>
          {(n) => <Alert kind={n.kind}>{n.text}</Alert>}
        </Show>
      </form>
    </details>
  )
}
