import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { offerUndo } from '../../ui/confirm.tsx'
import { Field } from '../../ui/Field.tsx'
import { useMutation } from '../../ui/mutation.ts'
import type { Overview } from '../data.ts'
import { createLinkAction, removeLinkAction } from './actions.ts'

/** Resources that share something (two saunas on one heater): a booking of one blocks the others. */
export function Links(props: { orgId: string; overview: Overview }) {
  const [name, setName] = createSignal('')
  const [chosen, setChosen] = createSignal<string[]>([])
  const linking = useMutation(createLinkAction)
  const unlinking = useMutation(removeLinkAction)
  const relink = useAction(createLinkAction)
  const form = {
    message: () => linking.message() ?? unlinking.message(),
    pending: () => linking.pending() || unlinking.pending(),
    field: linking.field,
    setFieldProblems: linking.setFieldProblems,
  }
  const nameOf = (id: string) => props.overview.resources.find((r) => r.id === id)?.name ?? ''
  const toggle = (id: string, on: boolean) =>
    setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)))

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    if (chosen().length < 2) return form.setFieldProblems({ resourceIds: t('bookingStaff.linkTwo') })
    unlinking.reset()
    if (await linking.run(props.orgId, name(), chosen())) {
      setName('')
      setChosen([])
    }
  }
  // Unlinking is put back by linking the same resources under the same name again.
  async function unlink(l: Overview['links'][number]) {
    linking.reset()
    const done = await unlinking.run(props.orgId, l.id)
    if (!done) return
    offerUndo(t('ui.confirm.removed', { name: `”${l.name}”` }), async () => {
      await relink(props.orgId, l.name, l.resourceIds)
    })
  }
  return (
    <section class="staff-block" aria-labelledby="links-title">
      <h3 id="links-title">{t('bookingStaff.linksTitle')}</h3>
      <p class="muted">{t('bookingStaff.linksIntro')}</p>
      <Show when={props.overview.links.length > 0}>
        <ul class="staff-list">
          <For each={props.overview.links}>
            {(l) => (
              <li>
                <span>
                  <strong>{l.name}</strong>: {l.resourceIds.map(nameOf).join(', ')}
                </span>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('bookingStaff.unlinkNamed', { name: l.name })}
                  onClick={() => void unlink(l)}
                >
                  {t('bookingStaff.unlink')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="stack" onSubmit={submit} novalidate>
        <FormError message={form.message()} />
        <Field
          label={t('bookingStaff.linkName')}
          hint={t('bookingStaff.linkNameHint')}
          value={name()}
          required
          maxLength={100}
          error={form.field('name')}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <fieldset aria-describedby={form.field('resourceIds') ? 'link-error' : undefined}>
          <legend>{t('bookingStaff.linkResources')}</legend>
          <Show when={form.field('resourceIds')}>
            <p class="field__error" id="link-error">
              {form.field('resourceIds')}
            </p>
          </Show>
          <div class="check-grid">
            <For each={props.overview.resources}>
              {(r) => (
                <label class="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen().includes(r.id)}
                    onChange={(e) => toggle(r.id, e.currentTarget.checked)}
                  />{' '}
                  {r.name}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <div>
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            {t('bookingStaff.link')}
          </button>
        </div>
      </form>
    </section>
  )
}
