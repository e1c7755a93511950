import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { language, t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { offerUndo } from '../../ui/confirm.tsx'
import { DateTimeField, isCompleteDateTime } from '../../ui/DateTimeField.tsx'
import { Field } from '../../ui/Field.tsx'
import { useMutation } from '../../ui/mutation.ts'
import { formatInterval, type Resource } from '../data.ts'
import { addBlackoutAction, removeBlackoutAction } from './actions.ts'
import { type Blackout, getBlackouts, helsinkiToIso } from './staffData.ts'

/** Closed periods of one resource (maintenance, holidays): list the coming ones, add, remove. */
export function Blackouts(props: { orgId: string; resource: Resource }) {
  const list = createAsync(() => getBlackouts(props.orgId, props.resource.id))
  const [start, setStart] = createSignal('')
  const [end, setEnd] = createSignal('')
  const [reason, setReason] = createSignal('')
  const adding = useMutation(addBlackoutAction)
  const removing = useMutation(removeBlackoutAction)
  const putBack = useAction(addBlackoutAction)
  const form = {
    message: () => adding.message() ?? removing.message(),
    pending: () => adding.pending() || removing.pending(),
    field: adding.field,
    setFieldProblems: adding.setFieldProblems,
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    if (!isCompleteDateTime(start()) || !isCompleteDateTime(end())) {
      return form.setFieldProblems({
        ...(isCompleteDateTime(start()) ? {} : { start: t('bookingStaff.required') }),
        ...(isCompleteDateTime(end()) ? {} : { end: t('bookingStaff.required') }),
      })
    }
    removing.reset()
    const done = await adding.run(props.orgId, props.resource.id, {
      start: helsinkiToIso(start()),
      end: helsinkiToIso(end()),
      reason: reason(),
    })
    if (done) setReason('')
  }
  // A removed closed period is put back as it was (same times and reason) by the toast's undo.
  async function remove(b: Blackout) {
    adding.reset()
    const done = await removing.run(props.orgId, b.id)
    if (!done) return
    const time = formatInterval(b, language())
    offerUndo(t('ui.confirm.removed', { name: t('bookingStaff.blackoutNamed', { time }) }), async () => {
      await putBack(props.orgId, props.resource.id, { start: b.start, end: b.end, reason: b.reason })
    })
  }
  return (
    <section class="staff-block" aria-labelledby="blackouts-title">
      <h3 id="blackouts-title">{t('bookingStaff.blackoutsTitle', { name: props.resource.name })}</h3>
      <Show
        when={(list()?.blackouts.length ?? 0) > 0}
        fallback={<p class="muted">{t('bookingStaff.noBlackouts')}</p>}
      >
        <ul class="staff-list">
          <For each={list()?.blackouts}>
            {(b) => (
              <li>
                <span>
                  {formatInterval(b, language())}
                  <Show when={b.reason}> · {b.reason}</Show>
                </span>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('bookingStaff.removeBlackout', { time: formatInterval(b, language()) })}
                  onClick={() => void remove(b)}
                >
                  {t('bookingStaff.remove')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="form-grid" onSubmit={submit} novalidate>
        <FormError message={form.message()} />
        <DateTimeField
          legend={t('bookingStaff.blackoutStart')}
          value={start()}
          error={form.field('start')}
          onChange={setStart}
        />
        <DateTimeField
          legend={t('bookingStaff.blackoutEnd')}
          value={end()}
          error={form.field('end')}
          onChange={setEnd}
        />
        <Field
          label={t('bookingStaff.blackoutReason')}
          value={reason()}
          maxLength={200}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <div class="form-grid__actions">
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            {t('bookingStaff.addBlackout')}
          </button>
        </div>
      </form>
    </section>
  )
}
