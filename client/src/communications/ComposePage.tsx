import { useNavigate, useParams } from '@solidjs/router'
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js'
import {
  type Override,
  type PreviewResult,
  type Segment,
  smsSegments,
} from '../../../schema/communications/api.ts'
import { ROLES, type Role } from '../../../schema/roles.ts'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { t, tPlural } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { CheckGroup } from '../ui/CheckGroup.tsx'
import { DateTimeField, isCompleteDateTime } from '../ui/DateTimeField.tsx'
import { Field, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { AudienceGroups } from './AudienceGroups.tsx'
import { getPlaces, previewAudience, sendMessageAction } from './data.ts'
import { SavedLists } from './SavedLists.tsx'

/** Roles that make sense to target in a cooperative (partners and investors are not its members). */
const TARGET_ROLES: readonly Role[] = ROLES.filter(
  (r) =>
    ![
      'contractor',
      'contractor_representative',
      'investor',
      'portfolio_manager',
      'investor_representative',
    ].includes(r),
)

/**
 * /org/:orgId/communications/new: subject, text, recipients by role, building, staircase and
 * apartment, in one or more groups (their union); the resolved count per channel (and who cannot
 * be reached) updates as the choice changes, before anything is sent. Files (the AGM notice) are
 * attached under the draft's id before sending (AttachmentsSection, with the message's limits).
 */
export function ComposePage() {
  const params = useParams<{ orgId: string }>()
  const navigate = useNavigate()
  const [places] = createResource(() => params.orgId, getPlaces)
  const [subject, setSubject] = createSignal('')
  const [body, setBody] = createSignal('')
  const [roles, setRoles] = createSignal<Role[]>([])
  const [buildings, setBuildings] = createSignal<string[]>([])
  const [staircases, setStaircases] = createSignal<string[]>([])
  const [apartments, setApartments] = createSignal<string[]>([])
  const [groups, setGroups] = createSignal<Segment[]>([])
  const [letterWithoutEmail, setLetterWithoutEmail] = createSignal(false)
  const [scheduledAt, setScheduledAt] = createSignal('')
  const [preview, setPreview] = createSignal<PreviewResult>()
  const form = useMutation(sendMessageAction)
  // The files are uploaded under this id while composing; the send takes it, and so the files.
  const draftId = crypto.randomUUID()

  const segment = (): Segment => ({
    ...(roles().length ? { roles: roles() } : {}),
    ...(buildings().length ? { buildingIds: buildings() } : {}),
    ...(staircases().length ? { staircaseIds: staircases() } : {}),
    ...(apartments().length ? { apartmentIds: apartments() } : {}),
  })
  const isEmpty = (s: Segment) => Object.keys(s).length === 0
  // The groups added, and the one being edited unless it is empty (an empty group alone is everyone).
  const segments = (): Segment[] => {
    const current = segment()
    return groups().length === 0 ? [current] : isEmpty(current) ? groups() : [...groups(), current]
  }
  const clearChoice = () => {
    setRoles([])
    setBuildings([])
    setStaircases([])
    setApartments([])
  }
  const addGroup = () => {
    setGroups([...groups(), segment()])
    clearChoice()
  }
  const loadList = (listed: Segment[]) => {
    setGroups(listed)
    clearChoice()
  }
  const override = (): Override => (letterWithoutEmail() ? { letterWithoutEmail: true } : {})
  createEffect(
    on([segments, override], ([s, o]) => {
      void previewAudience(params.orgId, s, o)
        .then(setPreview)
        .catch(() => setPreview(undefined))
    }),
  )

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (scheduledAt() && !isCompleteDateTime(scheduledAt())) {
      return form.setFieldProblems({ scheduledAt: t('ui.dateTime.incomplete') })
    }
    const sent = await form.run(params.orgId, {
      subject: subject(),
      body: body(),
      audience: { segments: segments() },
      override: override(),
      draftId,
      ...(scheduledAt() ? { scheduledAt: new Date(scheduledAt()).toISOString() } : {}),
    })
    if (sent) navigate(`/org/${params.orgId}/communications/${sent.id}`)
  }

  return (
    <Page title={t('communications.composeTitle')}>
      <form class="form compose" onSubmit={submit}>
        <Field
          label={t('communications.subject')}
          value={subject()}
          maxLength={200}
          required
          onInput={(e) => setSubject(e.currentTarget.value)}
          error={form.field('subject')}
        />
        <TextAreaField
          label={t('communications.body')}
          value={body()}
          rows={6}
          maxLength={20000}
          required
          onInput={(e) => setBody(e.currentTarget.value)}
          error={form.field('body')}
        />
        <AttachmentsSection
          orgId={params.orgId}
          kind="communication"
          ownerId={draftId}
          title={t('communications.attachments')}
          description={t('communications.attachmentsHint')}
        />
        <fieldset class="compose__audience">
          <legend>{t('communications.audience')}</legend>
          <CheckGroup
            legend={t('communications.roles')}
            options={TARGET_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            selected={roles()}
            onChange={setRoles}
          />
          <Show when={places()}>
            {(p) => (
              <>
                <CheckGroup
                  legend={t('communications.buildings')}
                  options={p().buildings.map((b) => ({ value: b.id, label: b.name }))}
                  selected={buildings()}
                  onChange={setBuildings}
                />
                <Show when={p().staircases.length > p().buildings.length}>
                  <CheckGroup
                    legend={t('communications.staircases')}
                    options={p().staircases.map((s) => ({ value: s.id, label: s.name }))}
                    selected={staircases()}
                    onChange={setStaircases}
                  />
                </Show>
                <div class="field">
                  <label for="compose-apartments">{t('communications.apartments')}</label>
                  <select
                    id="compose-apartments"
                    multiple
                    size={Math.min(6, p().apartments.length)}
                    aria-describedby="compose-apartments-hint"
                    onChange={(e) => setApartments([...e.currentTarget.selectedOptions].map((o) => o.value))}
                  >
                    <For each={p().apartments}>
                      {(a) => (
                        <option value={a.id} selected={apartments().includes(a.id)}>
                          {a.number}
                        </option>
                      )}
                    </For>
                  </select>
                  <p class="field__hint" id="compose-apartments-hint">
                    {t('communications.apartmentsHint')}
                  </p>
                </div>
              </>
            )}
          </Show>
          <AudienceGroups
            groups={groups()}
            current={segment()}
            places={places()}
            onAdd={addGroup}
            onRemove={(i) => setGroups(groups().filter((_, k) => k !== i))}
          />
          <SavedLists orgId={params.orgId} segments={segments()} onLoad={loadList} />
          <label class="check">
            <input
              type="checkbox"
              checked={letterWithoutEmail()}
              onChange={(e) => setLetterWithoutEmail(e.currentTarget.checked)}
            />{' '}
            {t('communications.letterWithoutEmail')}
          </label>
        </fieldset>
        {/* To the second, as the browser's field allowed: a send can be scheduled a moment ahead. */}
        <DateTimeField
          legend={t('communications.schedule')}
          value={scheduledAt()}
          onChange={setScheduledAt}
          required={false}
          seconds
          error={form.field('scheduledAt')}
        />
        <section class="compose__preview" aria-live="polite" aria-label={t('communications.preview')}>
          <Show when={preview()}>
            {(p) => (
              <>
                <p data-testid="recipient-count">
                  <strong>{tPlural('communications.previewCount', p().recipients)}</strong>
                </p>
                <ul class="inline-list">
                  <For each={p().perChannel}>
                    {(c) => (
                      <li>
                        {t('communications.perChannel', {
                          channel: t(`communications.channels.${c.channel}`),
                          count: c.recipients,
                        })}
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={(p().perChannel.find((c) => c.channel === 'sms')?.recipients ?? 0) > 0}>
                  <p class="muted">
                    {tPlural('communications.smsCost', smsSegments(`${subject()}\n${body()}`), {
                      total:
                        smsSegments(`${subject()}\n${body()}`) *
                        (p().perChannel.find((c) => c.channel === 'sms')?.recipients ?? 0),
                    })}
                  </p>
                </Show>
                <Show when={p().unreachableCount > 0}>
                  <details>
                    <summary>{t('communications.unreachable', { count: p().unreachableCount })}</summary>
                    <Show when={p().unreachable.length < p().unreachableCount}>
                      <p class="muted">
                        {t('communications.unreachableListed', { count: p().unreachable.length })}
                      </p>
                    </Show>
                    <ul>
                      <For each={p().unreachable}>
                        {(u) => (
                          <li>
                            {t('communications.unreachableRow', {
                              name: u.name,
                              channel: t(`communications.channels.${u.channel}`),
                            })}
                          </li>
                        )}
                      </For>
                    </ul>
                  </details>
                </Show>
                <Show when={p().recipients === 0}>
                  <p class="muted">{t('communications.emptyAudience')}</p>
                </Show>
              </>
            )}
          </Show>
        </section>
        <FormError message={form.message()} />
        <button
          type="submit"
          class="button button--primary"
          disabled={form.pending() || (preview()?.recipients ?? 0) === 0}
        >
          {form.pending() ? t('communications.sending') : t('communications.send')}
        </button>
      </form>
    </Page>
  )
}
