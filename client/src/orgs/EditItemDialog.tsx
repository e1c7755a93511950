import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Button } from '../ui/Button.tsx'
import { Dialog } from '../ui/Dialog.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { editItemAction } from './actions.ts'
import type { OrgStructure } from './data.ts'
import { parseDecimal } from './structureApi.ts'

type Building = OrgStructure['buildings'][number]
export type Editing =
  | { kind: 'building'; item: Building }
  | { kind: 'staircase'; item: Building['staircases'][number] }
  | { kind: 'apartment'; item: Building['apartments'][number]; building: Building }

/** One structure item's edit form in a dialog; only changed fields are sent (PATCH). */
export function EditItemDialog(props: {
  orgId: string
  editing: Editing | undefined
  onClose: () => void
  onSaved: (label: string) => void
}) {
  const form = useMutation(editItemAction)
  const [values, setValues] = createSignal<Record<string, string>>({})
  createEffect(() => {
    const e = props.editing
    form.reset()
    if (!e) return
    if (e.kind === 'building') setValues({ name: e.item.name, address: e.item.address ?? '' })
    else if (e.kind === 'staircase') setValues({ name: e.item.name })
    else
      setValues({
        number: e.item.number,
        staircaseId: e.item.staircaseId ?? '',
        areaM2: String(e.item.areaM2).replace('.', ','),
        shareCount: e.item.shareCount === null ? '' : String(e.item.shareCount),
      })
  })
  const set = (key: string, value: string) => {
    if (form.field(key)) form.reset()
    setValues({ ...values(), [key]: value })
  }
  const title = () => {
    const e = props.editing
    if (!e) return ''
    if (e.kind === 'building') return t('orgSettings.editBuilding', { name: e.item.name })
    if (e.kind === 'staircase') return t('orgSettings.editStaircase', { name: e.item.name })
    return t('orgSettings.editApartment', { name: e.item.number })
  }

  /** The PATCH body from what changed, or field problems found before sending. */
  function changes(e: Editing): Record<string, unknown> | Record<string, string> {
    const v = values()
    if (e.kind === 'building') {
      const body: Record<string, string> = {}
      if (v.name?.trim() !== e.item.name) body.name = v.name?.trim() ?? ''
      if ((v.address ?? '').trim() !== (e.item.address ?? '')) body.address = (v.address ?? '').trim()
      return body
    }
    if (e.kind === 'staircase') return v.name?.trim() !== e.item.name ? { name: v.name?.trim() ?? '' } : {}
    const body: Record<string, unknown> = {}
    if (v.number?.trim() !== e.item.number) body.number = v.number?.trim()
    if ((v.staircaseId || null) !== e.item.staircaseId) body.staircaseId = v.staircaseId || null
    const area = parseDecimal(v.areaM2 ?? '')
    if (area === undefined) {
      form.setFieldProblems({ areaM2: t('orgSettings.decimal') })
      throw new Error('invalid')
    }
    if (area !== e.item.areaM2) body.areaM2 = area
    const shares = (v.shareCount ?? '').trim()
    if (shares !== '' && !/^\d+$/.test(shares)) {
      form.setFieldProblems({ shareCount: t('orgSettings.whole') })
      throw new Error('invalid')
    }
    if (shares !== '' && Number(shares) !== e.item.shareCount) body.shareCount = Number(shares)
    return body
  }

  async function save(ev: SubmitEvent) {
    ev.preventDefault()
    const e = props.editing
    if (!e) return
    let body: Record<string, unknown>
    try {
      body = changes(e)
    } catch {
      return
    }
    const label = e.kind === 'apartment' ? e.item.number : e.item.name
    if (Object.keys(body).length === 0) return props.onClose()
    const done = await form.run(props.orgId, e.kind, e.item.id, body)
    if (done) props.onSaved(String(body.name ?? body.number ?? label))
  }

  return (
    <Dialog open={props.editing !== undefined} title={title()} onClose={() => props.onClose()}>
      <form class="stack" novalidate onSubmit={save}>
        <FormError message={form.message()} />
        <Switch>
          <Match when={props.editing?.kind === 'apartment' && props.editing} keyed>
            {(e) => (
              <>
                <Field
                  label={t('orgSettings.number')}
                  name="number"
                  required
                  value={values().number ?? ''}
                  error={form.field('number')}
                  onInput={(ev) => set('number', ev.currentTarget.value)}
                />
                <Show when={e.kind === 'apartment' && e.building.staircases.length > 0}>
                  <SelectField
                    label={t('orgSettings.staircase')}
                    name="staircaseId"
                    value={values().staircaseId ?? ''}
                    error={form.field('staircaseId')}
                    onChange={(ev) => set('staircaseId', ev.currentTarget.value)}
                  >
                    <option value="">{t('orgSettings.noStaircase')}</option>
                    <For each={e.kind === 'apartment' ? e.building.staircases : []}>
                      {(st) => <option value={st.id}>{st.name}</option>}
                    </For>
                  </SelectField>
                </Show>
                <Field
                  label={t('orgSettings.area')}
                  name="areaM2"
                  inputmode="decimal"
                  value={values().areaM2 ?? ''}
                  error={form.field('areaM2')}
                  onInput={(ev) => set('areaM2', ev.currentTarget.value)}
                />
                <Field
                  label={t('orgSettings.shares')}
                  name="shareCount"
                  inputmode="numeric"
                  value={values().shareCount ?? ''}
                  error={form.field('shareCount')}
                  onInput={(ev) => set('shareCount', ev.currentTarget.value)}
                />
              </>
            )}
          </Match>
          <Match when={props.editing}>
            <Field
              label={t('orgSettings.name')}
              name="name"
              required
              value={values().name ?? ''}
              error={form.field('name')}
              onInput={(ev) => set('name', ev.currentTarget.value)}
            />
            <Show when={props.editing?.kind === 'building'}>
              <Field
                label={t('orgSettings.address')}
                name="address"
                autocomplete="street-address"
                value={values().address ?? ''}
                error={form.field('address')}
                onInput={(ev) => set('address', ev.currentTarget.value)}
              />
            </Show>
          </Match>
        </Switch>
        <div class="dialog__actions">
          <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
            {t('common.cancel')}
          </button>
          <Button type="submit" pending={form.pending()}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
