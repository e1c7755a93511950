import { A, createAsync, createAsyncStore, revalidate, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { METER_KINDS } from '../../../schema/meters/kinds.ts'
import { todayInFinland } from '../../../schema/meters/validate.ts'
import { formatDate, t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { DatePicker } from '../ui/DatePicker.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { closeRoundAction, createRoundAction } from './actions.ts'
import { getMeters, getRound, getRounds } from './data.ts'
import { useLiveRounds } from './live.ts'
import { unitLabel } from './unit.ts'

/** /org/:orgId/meters/rounds: the rounds with their progress, and (staff) opening a new one. */
export function RoundsPage() {
  const params = useParams<{ orgId: string }>()
  // A store reconciled by id: the list is refetched on every pushed change (and after opening a
  // round), and rebuilt rows would drop the focus of a keyboard user on a round's link.
  const rounds = createAsyncStore(() => getRounds(params.orgId), { reconcile: { key: 'id' } })
  const meters = createAsync(() => getMeters(params.orgId))
  const form = useMutation(createRoundAction)
  // Who has submitted, pushed: the server signals a change in a round, the list refetches.
  useLiveRounds(
    () => params.orgId,
    () => revalidate(getRounds.keyFor(params.orgId)),
  )
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const element = e.currentTarget as HTMLFormElement
    const data = new FormData(element)
    const opened = await form.run(params.orgId, {
      buildingId: data.get('buildingId'),
      title: data.get('title'),
      kind: (data.get('kind') as string) || null,
      opensOn: data.get('opensOn'),
      dueOn: data.get('dueOn'),
    })
    if (opened) element.reset()
  }
  return (
    <Page title={t('meters.rounds')} intro={t('meters.roundsIntro')}>
      <p class="muted">{t('meters.live')}</p>
      <Show when={rounds()}>
        {(r) => (
          <Show when={r().rounds.length > 0} fallback={<p class="empty">{t('meters.noRounds')}</p>}>
            <ul class="meters__list" aria-live="polite">
              <For each={r().rounds}>
                {(x) => (
                  <li class="card">
                    <h2 class="card__title">
                      <Show when={!x.mine} fallback={x.title}>
                        <A href={`/org/${params.orgId}/meters/rounds/${x.id}`}>{x.title}</A>
                      </Show>
                    </h2>
                    <p class="muted">
                      {x.building.name} · {x.kind ? t(`meters.kind.${x.kind}`) : t('meters.allKinds')} ·{' '}
                      {formatDate(x.opensOn)} – {formatDate(x.dueOn)}
                      <Show when={x.closed}> · {t('meters.closed')}</Show>
                    </p>
                    <p>
                      <progress max={x.expected} value={x.submitted} aria-hidden="true" />{' '}
                      {t('meters.progress', { submitted: x.submitted, expected: x.expected })}
                    </p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Show when={meters()?.abilities.manage}>
        <details class="meters__new">
          <summary>{t('meters.newRound')}</summary>
          <form onSubmit={submit}>
            <FormError message={form.message()} />
            <SelectField label={t('meters.building')} name="buildingId">
              <For each={meters()?.buildings ?? []}>{(b) => <option value={b.id}>{b.name}</option>}</For>
            </SelectField>
            <Field label={t('meters.roundTitle')} name="title" required error={form.field('title')} />
            <SelectField label={t('meters.roundKind')} name="kind">
              <option value="">{t('meters.allKinds')}</option>
              <For each={METER_KINDS}>{(k) => <option value={k}>{t(`meters.kind.${k}`)}</option>}</For>
            </SelectField>
            <DatePicker label={t('meters.opensOn')} name="opensOn" required value={todayInFinland()} />
            <DatePicker label={t('meters.dueOn')} name="dueOn" required value="" min={todayInFinland()} />
            <button type="submit" class="button">
              {t('meters.newRound')}
            </button>
          </form>
        </details>
      </Show>
    </Page>
  )
}

/** /org/:orgId/meters/rounds/:roundId: each meter of the round, sent or not, updated when told. */
export function RoundPage() {
  const params = useParams<{ orgId: string; roundId: string }>()
  const data = createAsync(() => getRound(params.orgId, params.roundId))
  useLiveRounds(
    () => params.orgId,
    () => revalidate(getRound.keyFor(params.orgId, params.roundId)),
    { roundId: () => params.roundId },
  )
  const closing = useMutation(closeRoundAction)
  const close = () => closing.run(params.orgId, params.roundId)
  return (
    <Page title={data()?.round.title ?? t('meters.rounds')}>
      <p>
        <A href={`/org/${params.orgId}/meters/rounds`}>← {t('meters.rounds')}</A>
      </p>
      <Show when={data()} keyed>
        {({ round }) => (
          <>
            <p aria-live="polite">
              {round.building.name} · {formatDate(round.dueOn)} ·{' '}
              <strong>
                {t('meters.progress', { submitted: round.submitted, expected: round.expected })}
              </strong>
            </p>
            <p class="muted">{t('meters.live')}</p>
            <TableWrap label={round.title}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('meters.building')}</th>
                    <th scope="col">{t('meters.kindLabel')}</th>
                    <th scope="col">{t('meters.submitted')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={round.meters}>
                    {(m) => (
                      <tr>
                        <th scope="row">
                          {m.apartment
                            ? t('meters.apartment', { number: m.apartment.number })
                            : t('meters.common')}
                        </th>
                        <td>
                          {t(`meters.kind.${m.kind}`)} · {m.serial}
                        </td>
                        <td>
                          <Show
                            when={m.reading}
                            keyed
                            fallback={<span class="tag tag--warn">{t('meters.missing')}</span>}
                          >
                            {(r) => (
                              <>
                                {t('meters.submitted')}: {r.value} {unitLabel(m.unit)} ({formatDate(r.readOn)}
                                {r.by ? `, ${r.by}` : ''})
                              </>
                            )}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
            <Show when={!round.closed}>
              <FormError message={closing.message()} />
              <button
                type="button"
                class="button button--secondary"
                disabled={closing.pending()}
                onClick={() => void close()}
              >
                {t('meters.close')}
              </button>
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}
