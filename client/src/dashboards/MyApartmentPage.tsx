import { A, Navigate, useParams } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import type { MeterList } from '../../../schema/api/meters.ts'
import { api } from '../api.ts'
import { formatDate, formatDateTime, formatNumber, t } from '../i18n/index.ts'
import { unitLabel } from '../meters/unit.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { getApartment, getMyApartments } from './data.ts'

interface BookingRow {
  id: string
  resourceName: string
  start: string
  apartmentId: string | null
}

/** /org/:orgId/apartment: the caller's apartment (the only one goes straight to it, several are listed). */
export function MyApartmentsPage() {
  const params = useParams<{ orgId: string }>()
  const [mine] = createResource(() => params.orgId, getMyApartments)
  return (
    <Show
      when={mine()?.apartments.length === 1 ? mine()?.apartments[0] : undefined}
      fallback={
        <Page title={t('dashboards.apartment.choose')}>
          <Show when={mine.error}>
            <Alert kind="error">{errorMessage(mine.error)}</Alert>
          </Show>
          <Show when={mine()}>
            {(m) => (
              <Show
                when={m().apartments.length > 0}
                fallback={<p class="empty">{t('dashboards.apartment.none')}</p>}
              >
                <ul class="quick-links">
                  <For each={m().apartments}>
                    {(a) => (
                      <li>
                        <A href={`/org/${params.orgId}/apartment/${a.id}`}>
                          {a.building.name} · {a.number}
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
        </Page>
      }
    >
      {(a) => <Navigate href={`/org/${params.orgId}/apartment/${a().id}`} />}
    </Show>
  )
}

/**
 * /org/:orgId/apartment/:apartmentId: the apartment's facts (shares for owners and staff), its
 * meters with their last readings, its coming bookings, its cases, and links to its documents,
 * finances (owners) and service history — each from its own domain's endpoint and policy.
 */
export function MyApartmentPage() {
  const params = useParams<{ orgId: string; apartmentId: string }>()
  const [apt] = createResource(
    () => [params.orgId, params.apartmentId] as const,
    ([o, a]) => getApartment(o, a),
  )
  const [meters] = createResource(
    () => params.orgId,
    async (org) => (await api.get<MeterList>(`/meters/${org}`)).meters,
  )
  const [bookings] = createResource(
    () => params.orgId,
    async (org) => (await api.get<{ bookings: BookingRow[] }>(`/bookings/mine?orgId=${org}`)).bookings,
  )
  const mineMeters = () => (meters() ?? []).filter((m) => m.apartment?.id === params.apartmentId)
  const mineBookings = () => (bookings() ?? []).filter((b) => b.apartmentId === params.apartmentId)
  return (
    <Show
      when={apt()}
      fallback={
        <Show when={apt.error} fallback={<Loading />}>
          <Page title={t('dashboards.apartment.nav')}>
            <Alert kind="error">{errorMessage(apt.error)}</Alert>
          </Page>
        </Show>
      }
    >
      {(a) => (
        <Page title={t('dashboards.apartment.title', { number: a().number })}>
          <h2>{t('dashboards.apartment.facts')}</h2>
          <dl class="apartment__facts">
            <dt>{t('dashboards.apartment.building')}</dt>
            <dd>
              {a().building.name}, {a().building.address}
            </dd>
            <dt>{t('dashboards.apartment.area')}</dt>
            <dd>{t('dashboards.apartment.areaValue', { area: formatNumber(a().areaM2) })}</dd>
            <Show when={a().shareCount !== null}>
              <dt>{t('dashboards.apartment.shares')}</dt>
              <dd>{formatNumber(a().shareCount ?? 0)}</dd>
            </Show>
          </dl>

          <h2>{t('dashboards.apartment.meters')}</h2>
          <Show
            when={mineMeters().length > 0}
            fallback={<p class="empty">{t('dashboards.apartment.noMeters')}</p>}
          >
            <ul class="widget__list">
              <For each={mineMeters()}>
                {(m) => (
                  <li>
                    <A href={`/org/${params.orgId}/meters/${m.id}`}>
                      {t(`meters.kind.${m.kind}`)} {m.serial}
                    </A>{' '}
                    <span class="widget__meta">
                      {m.lastReading
                        ? t('dashboards.apartment.lastReading', {
                            value: formatNumber(m.lastReading.value),
                            unit: unitLabel(m.unit),
                            date: formatDate(m.lastReading.readOn),
                          })
                        : t('dashboards.apartment.noReading')}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>

          <h2>{t('dashboards.apartment.bookings')}</h2>
          <Show
            when={mineBookings().length > 0}
            fallback={
              <p class="empty">
                {t('dashboards.apartment.noBookings')}{' '}
                <A href={`/org/${params.orgId}/bookings`}>{t('dashboards.w.book')}</A>
              </p>
            }
          >
            <ul class="widget__list">
              <For each={mineBookings().slice(0, 10)}>
                {(b) => (
                  <li>
                    {b.resourceName} <span class="widget__meta">{formatDateTime(b.start)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>

          <h2>{t('dashboards.apartment.cases')}</h2>
          <Show
            when={a().cases.length > 0}
            fallback={<p class="empty">{t('dashboards.apartment.noCases')}</p>}
          >
            <ul class="widget__list">
              <For each={a().cases}>
                {(c) => (
                  <li>
                    <A href={`/org/${params.orgId}/cases/${c.id}`}>
                      #{c.number} {c.title}
                    </A>{' '}
                    <span class="widget__meta">{t(`cases.status.${c.status as 'new'}`)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>

          <h2>{t('dashboards.apartment.documents')}</h2>
          <p>
            <A href={`/org/${params.orgId}/documents`}>{t('dashboards.apartment.documentsLink')}</A>
          </p>
          <Show when={a().abilities.finance}>
            <h2>{t('dashboards.apartment.finance')}</h2>
            <p>
              <A href={`/org/${params.orgId}/finance/apartments/${a().id}`}>
                {t('dashboards.apartment.financeLink')}
              </A>
            </p>
          </Show>
          <Show when={a().abilities.history}>
            <h2>{t('dashboards.apartment.history')}</h2>
            <p>
              <A href={`/org/${params.orgId}/history/apartments/${a().id}`}>
                {t('dashboards.apartment.historyLink')}
              </A>
            </p>
          </Show>
        </Page>
      )}
    </Show>
  )
}
