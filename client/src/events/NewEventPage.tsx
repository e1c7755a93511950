import { useNavigate, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { Segment } from '../../../schema/communications/api.ts'
import { ROLES, type Role } from '../../../schema/roles.ts'
import { getPlaces } from '../communications/data.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { createFormState } from '../ui/form.ts'
import { Page } from '../ui/Page.tsx'
import { createEvent } from './data.ts'
import { helsinkiToIso } from './helsinki.ts'

/** Roles worth inviting in a cooperative (partners and investors are not its members). */
const INVITE_ROLES: readonly Role[] = ROLES.filter(
  (r) =>
    ![
      'contractor',
      'contractor_representative',
      'investor',
      'portfolio_manager',
      'investor_representative',
    ].includes(r),
)
const REMINDERS = [null, 2, 24, 48, 168] as const

/**
 * /org/:orgId/events/new: title, description, place, start and end in Helsinki time, places,
 * reminder, and who is invited (roles × buildings, the same targeting as a mass communication).
 */
export function NewEventPage() {
  const params = useParams<{ orgId: string }>()
  const navigate = useNavigate()
  const [places] = createResource(() => params.orgId, getPlaces)
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [place, setPlace] = createSignal('')
  const [startsAt, setStartsAt] = createSignal('')
  const [endsAt, setEndsAt] = createSignal('')
  const [capacity, setCapacity] = createSignal('')
  const [reminder, setReminder] = createSignal<string>('24')
  const [roles, setRoles] = createSignal<Role[]>([])
  const [buildings, setBuildings] = createSignal<string[]>([])
  const form = createFormState()
  const toggle = <T,>(list: () => T[], set: (v: T[]) => void, value: T, on: boolean) =>
    set(on ? [...list(), value] : list().filter((v) => v !== value))

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const start = helsinkiToIso(startsAt())
    const end = helsinkiToIso(endsAt())
    if (!start || !end) {
      form.setFieldProblems({
        ...(start ? {} : { startsAt: t('events.invalidTime') }),
        ...(end ? {} : { endsAt: t('events.invalidTime') }),
      })
      return
    }
    const segment: Segment = {
      ...(roles().length ? { roles: roles() } : {}),
      ...(buildings().length ? { buildingIds: buildings() } : {}),
    }
    const created = await form.run(() =>
      createEvent(params.orgId, {
        title: title(),
        description: description(),
        place: place(),
        startsAt: start,
        endsAt: end,
        audience: { segments: [segment] },
        capacity: capacity() ? Number(capacity()) : null,
        reminderHours: reminder() ? Number(reminder()) : null,
      }),
    )
    if (created) navigate(`/org/${params.orgId}/events/${created.id}`)
  }

  return (
    <Page title={t('events.newTitle')}>
      <form class="form" onSubmit={submit}>
        <Field
          label={t('events.name')}
          value={title()}
          maxLength={200}
          required
          onInput={(e) => setTitle(e.currentTarget.value)}
          error={form.field('title')}
        />
        <TextAreaField
          label={t('events.description')}
          value={description()}
          rows={4}
          maxLength={10000}
          onInput={(e) => setDescription(e.currentTarget.value)}
          error={form.field('description')}
        />
        <Field
          label={t('events.place')}
          value={place()}
          maxLength={200}
          onInput={(e) => setPlace(e.currentTarget.value)}
          error={form.field('place')}
        />
        <div class="form__row">
          <Field
            label={t('events.startsAt')}
            type="datetime-local"
            required
            value={startsAt()}
            onInput={(e) => setStartsAt(e.currentTarget.value)}
            error={form.field('startsAt')}
          />
          <Field
            label={t('events.endsAt')}
            type="datetime-local"
            required
            value={endsAt()}
            onInput={(e) => setEndsAt(e.currentTarget.value)}
            error={form.field('endsAt')}
          />
        </div>
        <Field
          label={t('events.capacity')}
          hint={t('events.capacityHint')}
          type="number"
          min="1"
          inputMode="numeric"
          value={capacity()}
          onInput={(e) => setCapacity(e.currentTarget.value)}
          error={form.field('capacity')}
        />
        <SelectField
          label={t('events.reminder')}
          value={reminder()}
          onChange={(e) => setReminder(e.currentTarget.value)}
        >
          <For each={REMINDERS}>
            {(h) => (
              <option
                value={h === null ? '' : String(h)}
                selected={(h === null ? '' : String(h)) === reminder()}
              >
                {h === null ? t('events.reminderNone') : t('events.reminderHours', { hours: h })}
              </option>
            )}
          </For>
        </SelectField>
        <fieldset class="compose__audience">
          <legend>{t('events.audience')}</legend>
          <fieldset class="checks">
            <legend>{t('events.roles')}</legend>
            <For each={INVITE_ROLES}>
              {(r) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={roles().includes(r)}
                    onChange={(e) => toggle(roles, setRoles, r, e.currentTarget.checked)}
                  />{' '}
                  {t(`role.${r}`)}
                </label>
              )}
            </For>
          </fieldset>
          <Show when={places()}>
            {(p) => (
              <fieldset class="checks">
                <legend>{t('events.buildings')}</legend>
                <For each={p().buildings}>
                  {(b) => (
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={buildings().includes(b.id)}
                        onChange={(e) => toggle(buildings, setBuildings, b.id, e.currentTarget.checked)}
                      />{' '}
                      {b.name}
                    </label>
                  )}
                </For>
              </fieldset>
            )}
          </Show>
          <Show when={form.field('audience')}>{(m) => <p class="field__error">{m()}</p>}</Show>
        </fieldset>
        <FormError message={form.message()} />
        <button type="submit" class="button button--primary" disabled={form.pending()}>
          {t('events.create')}
        </button>
      </form>
    </Page>
  )
}
