import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js'
import type { Audience, PreviewResult, Segment } from '../../../schema/communications/api.ts'
import type { EventDetail } from '../../../schema/events/api.ts'
import { ROLES, type Role } from '../../../schema/roles.ts'
import { getPlaces, previewAudience } from '../communications/data.ts'
import { t, tPlural } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { CheckGroup } from '../ui/CheckGroup.tsx'
import { DateTimeField } from '../ui/DateTimeField.tsx'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { saveEventAction } from './data.ts'
import { helsinkiToIso, isoToHelsinki } from './helsinki.ts'

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

/** What the form hands over; `audience` is absent when editing and the invitees were left alone. */
export interface EventValues {
  title: string
  description: string
  place: string
  startsAt: string
  endsAt: string
  audience?: Audience
  capacity: number | null
  reminderHours: number | null
}

/** The single roles × buildings segment this form can show, or null when the audience is finer. */
function simpleSegment(a: Audience | null | undefined): { roles: Role[]; buildingIds: string[] } | null {
  const s = a?.segments.length === 1 ? a.segments[0] : undefined
  if (!s || s.staircaseIds?.length || s.apartmentIds?.length) return null
  return { roles: [...(s.roles ?? [])], buildingIds: [...(s.buildingIds ?? [])] }
}

/**
 * The event form, for creating (`initial` absent) and editing: title, description, place, start
 * and end in Helsinki time, places, reminder, and who is invited (roles × buildings, the same
 * targeting as a mass communication) with the number of people it reaches, before saving.
 */
export function EventForm(props: {
  orgId: string
  initial?: EventDetail
  submitLabel: string
  /** Where the saved event goes: new in an organisation, or the one being edited. */
  target: { orgId: string } | { eventId: string }
  onSaved: (eventId: string) => void
}) {
  const init = props.initial
  const [places] = createResource(() => props.orgId, getPlaces)
  const [title, setTitle] = createSignal(init?.title ?? '')
  const [description, setDescription] = createSignal(init?.description ?? '')
  const [place, setPlace] = createSignal(init?.place ?? '')
  const [startsAt, setStartsAt] = createSignal(init ? isoToHelsinki(init.startsAt) : '')
  const [endsAt, setEndsAt] = createSignal(init ? isoToHelsinki(init.endsAt) : '')
  const [capacity, setCapacity] = createSignal(init?.capacity ? String(init.capacity) : '')
  const [reminder, setReminder] = createSignal<string>(
    init ? (init.reminderHours === null ? '' : String(init.reminderHours)) : '24',
  )
  const start = simpleSegment(init?.audience)
  // Editing an audience this form cannot show (staircases, apartments, several groups) leaves it alone.
  const audienceShown = !init || start !== null
  const [roles, setRoles] = createSignal<Role[]>(start?.roles ?? [])
  const [buildings, setBuildings] = createSignal<string[]>(start?.buildingIds ?? [])
  const [touched, setTouched] = createSignal(!init)
  const [reach, setReach] = createSignal<PreviewResult>()
  const form = useMutation(saveEventAction)
  const segment = (): Segment => ({
    ...(roles().length ? { roles: roles() } : {}),
    ...(buildings().length ? { buildingIds: buildings() } : {}),
  })
  // How many people the choice reaches, as it changes (the organisers may preview: they send too).
  createEffect(
    on(segment, (s) => {
      if (!audienceShown) return
      void previewAudience(props.orgId, [s], {})
        .then(setReach)
        .catch(() => setReach(undefined))
    }),
  )

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const s = helsinkiToIso(startsAt())
    const en = helsinkiToIso(endsAt())
    if (!s || !en) {
      form.setFieldProblems({
        ...(s ? {} : { startsAt: t('events.invalidTime') }),
        ...(en ? {} : { endsAt: t('events.invalidTime') }),
      })
      return
    }
    const saved = await form.run(props.target, {
      title: title(),
      description: description(),
      place: place(),
      startsAt: s,
      endsAt: en,
      ...(audienceShown && touched() ? { audience: { segments: [segment()] } } : {}),
      capacity: capacity() ? Number(capacity()) : null,
      reminderHours: reminder() ? Number(reminder()) : null,
    })
    if (saved) props.onSaved(saved.id)
  }

  return (
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
        <DateTimeField
          legend={t('events.startsAt')}
          value={startsAt()}
          onChange={setStartsAt}
          error={form.field('startsAt')}
        />
        <DateTimeField
          legend={t('events.endsAt')}
          value={endsAt()}
          onChange={setEndsAt}
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
        <Show when={audienceShown} fallback={<p class="muted">{t('events.audienceKept')}</p>}>
          <CheckGroup
            legend={t('events.roles')}
            options={INVITE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            selected={roles()}
            onChange={(next) => {
              setTouched(true)
              setRoles(next)
            }}
          />
          <Show when={places()}>
            {(p) => (
              <CheckGroup
                legend={t('events.buildings')}
                options={p().buildings.map((b) => ({ value: b.id, label: b.name }))}
                selected={buildings()}
                onChange={(next) => {
                  setTouched(true)
                  setBuildings(next)
                }}
              />
            )}
          </Show>
          <p class="muted" aria-live="polite" data-testid="event-reach">
            <Show when={reach()}>{(r) => tPlural('events.reach', r().recipients)}</Show>
          </p>
          <Show when={init && touched()}>
            <p class="muted">{t('events.audienceChangeNote')}</p>
          </Show>
        </Show>
        <Show when={form.field('audience')}>{(m) => <p class="field__error">{m()}</p>}</Show>
      </fieldset>
      <Show when={init}>
        <p class="muted">{t('events.editNote')}</p>
      </Show>
      <FormError message={form.message()} />
      <button
        type="submit"
        class="button button--primary"
        disabled={form.pending() || (audienceShown && touched() && reach()?.recipients === 0)}
      >
        {props.submitLabel}
      </button>
    </form>
  )
}
