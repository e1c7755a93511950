import { createSignal, For, onMount, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { Field, SelectField, TextAreaField } from '../../ui/Field.tsx'
import { createFormState } from '../../ui/form.ts'
import { nameIn } from '../../ui/localName.ts'
import type { Overview, Resource } from '../data.ts'
import { OpeningHoursEditor } from './OpeningHoursEditor.tsx'
import {
  type Building,
  createResource,
  hoursForEditing,
  hoursForSaving,
  type ResourceInput,
  updateResource,
} from './staffData.ts'

const WEEKDAY_EVENINGS = {
  '1': [['16:00', '22:00']],
  '2': [['16:00', '22:00']],
} as ResourceInput['openingHours']

/** Create or edit one resource and all its rules (docs/BOOKINGS.md, "The booking transaction"). */
export function ResourceForm(props: {
  orgId: string
  overview: Overview
  buildings: readonly Building[]
  resource: Resource | undefined
  onSaved: (resource: Resource) => void | Promise<void>
  onCancel: () => void
}) {
  const r = props.resource
  const [v, setV] = createStore<ResourceInput>({
    name: r?.name ?? '',
    description: r?.description ?? '',
    categoryId: r?.categoryId ?? props.overview.categories[0]?.id ?? '',
    buildingId: r?.buildingId ?? null,
    quotaGroupId: r?.quotaGroupId ?? null,
    active: r?.active ?? true,
    mode: r?.mode ?? 'slots',
    gridMinutes: r?.gridMinutes ?? 60,
    minMinutes: r?.minMinutes ?? 60,
    maxMinutes: r?.maxMinutes ?? 60,
    openingHours: hoursForEditing(r?.openingHours ?? WEEKDAY_EVENINGS),
    leadMinMinutes: r?.leadMinMinutes ?? 0,
    leadMaxDays: r?.leadMaxDays ?? 30,
    cancelCutoffMinutes: r?.cancelCutoffMinutes ?? 0,
  })
  const [saved, setSaved] = createSignal(false)
  const form = createFormState()
  let heading: HTMLHeadingElement | undefined
  // Opening the editor moves focus to it, so keyboard and screen-reader users land in the form.
  onMount(() => heading?.focus())
  const num = (e: Event & { currentTarget: HTMLInputElement }) => Number(e.currentTarget.value)
  const setSlot = (minutes: number) =>
    setV({ gridMinutes: minutes, minMinutes: minutes, maxMinutes: minutes })

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    setSaved(false)
    const body = { ...v, openingHours: hoursForSaving(v.openingHours) }
    const result = await form.run(() => {
      if (props.resource) return updateResource(props.orgId, props.resource.id, body)
      const { active: _active, ...create } = body
      return createResource(props.orgId, create)
    })
    if (result) {
      setSaved(true)
      await props.onSaved(result.resource)
    }
  }

  return (
    <form class="stack resource-form" onSubmit={submit} novalidate aria-labelledby="resource-form-title">
      <h3 id="resource-form-title" tabIndex={-1} ref={heading}>
        {r ? t('bookingStaff.editTitle', { name: r.name }) : t('bookingStaff.newTitle')}
      </h3>
      <FormError message={form.message()} />
      <Show when={saved()}>
        <p class="alert alert--success" role="status">
          {t('bookingStaff.saved')}
        </p>
      </Show>
      <div class="form-grid">
        <Field
          label={t('bookingStaff.name')}
          value={v.name}
          required
          maxLength={100}
          error={form.field('name')}
          onInput={(e) => setV('name', e.currentTarget.value)}
        />
        <SelectField
          label={t('bookings.category')}
          value={v.categoryId}
          error={form.field('categoryId')}
          onChange={(e) => setV('categoryId', e.currentTarget.value)}
        >
          <For each={props.overview.categories}>{(c) => <option value={c.id}>{nameIn(c)}</option>}</For>
        </SelectField>
        <SelectField
          label={t('bookingStaff.building')}
          value={v.buildingId ?? ''}
          onChange={(e) => setV('buildingId', e.currentTarget.value || null)}
        >
          <option value="">{t('bookingStaff.wholeCooperative')}</option>
          <For each={props.buildings}>{(b) => <option value={b.id}>{b.name}</option>}</For>
        </SelectField>
        <SelectField
          label={t('bookingStaff.quotaGroup')}
          hint={t('bookingStaff.quotaGroupHint')}
          value={v.quotaGroupId ?? ''}
          onChange={(e) => setV('quotaGroupId', e.currentTarget.value || null)}
        >
          <option value="">{t('bookingStaff.noQuota')}</option>
          <For each={props.overview.quotaGroups}>
            {(q) => <option value={q.id}>{t('bookings.quota', { group: q.name, n: q.maxActive })}</option>}
          </For>
        </SelectField>
      </div>
      <TextAreaField
        label={t('bookingStaff.description')}
        value={v.description}
        rows={2}
        maxLength={2000}
        onInput={(e) => setV('description', e.currentTarget.value)}
      />
      <fieldset>
        <legend>{t('bookingStaff.lengthTitle')}</legend>
        <div class="radio-row">
          <label>
            <input
              type="radio"
              name="mode"
              checked={v.mode === 'slots'}
              onChange={() => {
                setV('mode', 'slots')
                setSlot(v.gridMinutes)
              }}
            />{' '}
            {t('bookingStaff.modeSlots')}
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              checked={v.mode === 'free'}
              onChange={() => setV('mode', 'free')}
            />{' '}
            {t('bookingStaff.modeFree')}
          </label>
        </div>
        <div class="form-grid">
          <Show
            when={v.mode === 'free'}
            fallback={
              <Field
                label={t('bookingStaff.slotMinutes')}
                type="number"
                min={5}
                step={5}
                value={v.gridMinutes}
                error={form.field('minMinutes')}
                onChange={(e) => setSlot(num(e))}
              />
            }
          >
            <Field
              label={t('bookingStaff.gridMinutes')}
              hint={t('bookingStaff.gridHint')}
              type="number"
              min={5}
              step={5}
              value={v.gridMinutes}
              onChange={(e) => setV('gridMinutes', num(e))}
            />
            <Field
              label={t('bookingStaff.minMinutes')}
              type="number"
              min={5}
              step={5}
              value={v.minMinutes}
              error={form.field('minMinutes')}
              onChange={(e) => setV('minMinutes', num(e))}
            />
            <Field
              label={t('bookingStaff.maxMinutes')}
              type="number"
              min={5}
              step={5}
              value={v.maxMinutes}
              onChange={(e) => setV('maxMinutes', num(e))}
            />
          </Show>
        </div>
      </fieldset>
      <OpeningHoursEditor
        value={v.openingHours}
        onChange={(next) => setV('openingHours', next)}
        error={form.field('openingHours')}
      />
      <fieldset>
        <legend>{t('bookingStaff.windowTitle')}</legend>
        <div class="form-grid">
          <Field
            label={t('bookingStaff.leadMaxDays')}
            hint={t('bookingStaff.leadMaxHint')}
            type="number"
            min={1}
            max={730}
            value={v.leadMaxDays}
            error={form.field('leadMaxDays')}
            onChange={(e) => setV('leadMaxDays', num(e))}
          />
          <Field
            label={t('bookingStaff.leadMinMinutes')}
            hint={t('bookingStaff.leadMinHint')}
            type="number"
            min={0}
            value={v.leadMinMinutes}
            error={form.field('leadMinMinutes')}
            onChange={(e) => setV('leadMinMinutes', num(e))}
          />
          <Field
            label={t('bookingStaff.cancelCutoff')}
            hint={t('bookingStaff.cancelCutoffHint')}
            type="number"
            min={0}
            value={v.cancelCutoffMinutes}
            error={form.field('cancelCutoffMinutes')}
            onChange={(e) => setV('cancelCutoffMinutes', num(e))}
          />
        </div>
      </fieldset>
      <Show when={r}>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={v.active}
            onChange={(e) => setV('active', e.currentTarget.checked)}
          />{' '}
          {t('bookingStaff.activeLabel')}
        </label>
      </Show>
      <div class="row row--start">
        <button type="submit" class="button" disabled={form.pending()}>
          {r ? t('bookingStaff.save') : t('bookingStaff.create')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('bookingStaff.close')}
        </button>
      </div>
    </form>
  )
}
