import { A, createAsync, revalidate, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { MeterSummary } from '../../../schema/api/meters.ts'
import { formatDate, formatNumber, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { getMeters, getRounds } from './data.ts'
import { useLiveRounds } from './live.ts'
import { NewMeterForm } from './NewMeterForm.tsx'
import { ReadingForm } from './ReadingForm.tsx'
import { unitLabel } from './unit.ts'

/**
 * /org/:orgId/meters. Residents and owners: their apartment's meters as cards, each with its
 * reading form, and the open reading rounds that ask for them. Staff, maintenance and the board:
 * every meter by building, links to the review queue and the rounds, and (staff) a new meter.
 */
export function MetersPage() {
  const params = useParams<{ orgId: string }>()
  const [building, setBuilding] = createSignal('')
  const list = createAsync(() => getMeters(params.orgId, building() || undefined))
  const rounds = createAsync(() => getRounds(params.orgId))
  // A round opening for my meters (an inbox item) or changing (staff: a signal) shows at once.
  useLiveRounds(
    () => params.orgId,
    () => revalidate(getRounds.keyFor(params.orgId)),
  )
  const openMine = () =>
    (rounds()?.rounds ?? []).filter((r) => r.mine && !r.closed && r.submitted < r.expected)
  return (
    <Page
      title={t('meters.title')}
      intro={list()?.abilities.overview ? t('meters.staffIntro') : t('meters.intro')}
      wide={list()?.abilities.overview === true}
    >
      <For each={openMine()}>
        {(r) => (
          <p class="alert alert--info" role="status">
            {t('meters.roundDue', { title: r.title, date: formatDate(r.dueOn) })}
          </p>
        )}
      </For>
      <Show when={list()}>
        {(l) => (
          <>
            <Show when={l().abilities.overview}>
              <ul class="quick-links">
                <Show when={l().abilities.manage}>
                  <li>
                    <A href={`/org/${params.orgId}/meters/review`}>{t('meters.review')}</A>
                  </li>
                </Show>
                <li>
                  <A href={`/org/${params.orgId}/meters/rounds`}>{t('meters.rounds')}</A>
                </li>
              </ul>
              <div class="field meters__filter">
                <label for="meter-building">{t('meters.building')}</label>
                <select
                  id="meter-building"
                  value={building()}
                  onChange={(e) => setBuilding(e.currentTarget.value)}
                >
                  <option value="">{t('meters.allBuildings')}</option>
                  <For each={l().buildings}>{(b) => <option value={b.id}>{b.name}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={l().meters.length > 0} fallback={<p class="empty">{t('meters.none')}</p>}>
              <ul class="meters__list">
                {/* By id, so a refetch updates each card in place (its form keeps its message). */}
                <For each={l().meters.map((m) => m.id)}>
                  {(id) => <MeterCard orgId={params.orgId} meter={l().meters.find((m) => m.id === id)!} />}
                </For>
              </ul>
            </Show>
            <Show when={l().abilities.manage}>
              <NewMeterForm orgId={params.orgId} buildings={l().buildings} apartments={l().apartments} />
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}

function MeterCard(props: { orgId: string; meter: MeterSummary }) {
  const m = () => props.meter
  const headingId = () => `meter-${m().id}`
  return (
    <li class="card meters__card" aria-labelledby={headingId()}>
      <h2 class="card__title" id={headingId()}>
        {t(`meters.kind.${m().kind}`)} ·{' '}
        {m().apartment ? t('meters.apartment', { number: m().apartment!.number }) : t('meters.common')}
      </h2>
      <p class="muted">
        {m().building.name} · {t('meters.serial')} {m().serial}
        <Show when={m().location}> · {m().location}</Show>
      </p>
      <p>
        <Show when={m().lastReading} keyed fallback={t('meters.noReading')}>
          {(r) =>
            t('meters.lastReading', {
              value: formatNumber(r.value),
              unit: unitLabel(m().unit),
              date: formatDate(r.readOn),
            })
          }
        </Show>
      </p>
      <Show when={m().abilities.submit}>
        <ReadingForm orgId={props.orgId} meter={m()} />
      </Show>
      <p>
        <A href={`/org/${props.orgId}/meters/${m().id}`}>{t('meters.open')}</A>
      </p>
    </li>
  )
}
