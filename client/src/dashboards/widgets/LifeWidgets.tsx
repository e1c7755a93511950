import { A } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import type { MyFinancesResponse, OverdueResponse } from '../../../../schema/api/finance.ts'
import type { RoundSummary } from '../../../../schema/api/meters.ts'
import type { AnnouncementView, InboxMessage } from '../../../../schema/communications/api.ts'
import { api } from '../../api.ts'
import { getActiveAnnouncements } from '../../communications/data.ts'
import { euros } from '../../finance/format.ts'
import { formatDate, formatDateTime, language, t } from '../../i18n/index.ts'
import { refreshWhileVisible } from './live.ts'
import { WidgetBody } from './WidgetBody.tsx'

interface BookingRow {
  id: string
  resourceName: string
  start: string
  apartmentNumber: string | null
}

/** My next bookings here (GET /api/bookings/mine). */
export function BookingsWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    async (org) => (await api.get<{ bookings: BookingRow[] }>(`/bookings/mine?orgId=${org}`)).bookings,
  )
  refreshWhileVisible(refetch)
  return (
    <>
      <WidgetBody data={data} isEmpty={(d) => d.length === 0} empty={t('dashboards.w.bookingsEmpty')}>
        {(d) => (
          <ul class="widget__list">
            <For each={d().slice(0, 4)}>
              {(b) => (
                <li>
                  {b.resourceName} <span class="widget__meta">{formatDateTime(b.start)}</span>
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <A class="widget__more" href={`/org/${props.orgId}/bookings`}>
        {t('dashboards.w.book')}
      </A>
    </>
  )
}

/**
 * The cooperative's announcements open now (the banner's, platform-wide ones included, dismissed
 * or not) and its messages to me (GET /api/communications/mine), unread marked. Both are what the
 * widget's title, "Announcements", means to a resident: the widget must not say "none" under a
 * banner that shows one.
 */
export function MessagesWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    async (org) => {
      const [mine, open] = await Promise.all([
        api.get<{ messages: InboxMessage[] }>('/communications/mine'),
        getActiveAnnouncements().catch(() => ({ announcements: [] as AnnouncementView[] })),
      ])
      return {
        announcements: open.announcements.filter((a) => a.orgId === null || a.orgId === org),
        messages: mine.messages.filter((m) => m.orgId === org),
      }
    },
  )
  refreshWhileVisible(refetch)
  return (
    <>
      <WidgetBody
        data={data}
        isEmpty={(d) => d.announcements.length === 0 && d.messages.length === 0}
        empty={t('dashboards.w.messagesEmpty')}
      >
        {(d) => (
          <ul class="widget__list">
            <For each={d().announcements.slice(0, 2)}>
              {(a) => (
                <li>
                  <strong>{(a.texts[language()] ?? a.texts.fi).title}</strong>{' '}
                  <span class="widget__meta">{formatDate(a.startsAt)}</span>
                </li>
              )}
            </For>
            <For each={d().messages.slice(0, 4)}>
              {(m) => (
                <li>
                  <Show when={!m.readAt}>
                    <span class="tag tag--new">{t('dashboards.w.unread')}</span>{' '}
                  </Show>
                  {m.subject} <span class="widget__meta">{formatDate(m.sentAt)}</span>
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <A class="widget__more" href={`/org/${props.orgId}/messages`}>
        {t('dashboards.w.allMessages')}
      </A>
    </>
  )
}

/** Open reading rounds (GET /api/meters/:org/rounds): mine to read, or the progress of those I oversee. */
export function MeterRoundWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    async (org) =>
      (
        await api.get<{ rounds: (RoundSummary & { mine: boolean })[] }>(`/meters/${org}/rounds`)
      ).rounds.filter((r) => !r.closed),
  )
  refreshWhileVisible(refetch)
  return (
    <>
      <WidgetBody data={data} isEmpty={(d) => d.length === 0} empty={t('dashboards.w.roundsEmpty')}>
        {(d) => (
          <ul class="widget__list">
            <For each={d().slice(0, 4)}>
              {(r) => (
                <li>
                  {r.mine
                    ? t('dashboards.w.roundDue', { title: r.title, date: formatDate(r.dueOn) })
                    : t('dashboards.w.roundProgress', {
                        title: r.title,
                        submitted: r.submitted,
                        expected: r.expected,
                        date: formatDate(r.dueOn),
                      })}
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <p class="widget__actions">
        <A href={`/org/${props.orgId}/meters`}>{t('dashboards.w.readMeters')}</A>
      </p>
    </>
  )
}

/**
 * Finances for whom the policy lets read them: the board, manager, accountant and auditor get the
 * overdue invoices (GET /api/finance/:org/overdue); owners their apartments' balances (…/mine).
 */
export function FinanceWidget(props: { orgId: string; staff: boolean }) {
  const [overdue] = createResource(
    () => (props.staff ? props.orgId : false),
    (org) => api.get<OverdueResponse>(`/finance/${org}/overdue`),
  )
  const [mine] = createResource(
    () => (props.staff ? false : props.orgId),
    (org) => api.get<MyFinancesResponse>(`/finance/${org}/mine`),
  )
  return (
    <>
      <Show
        when={props.staff}
        fallback={
          <WidgetBody
            data={mine}
            isEmpty={(d) => d.apartments.length === 0}
            empty={t('dashboards.w.financeEmpty')}
          >
            {(d) => (
              <ul class="widget__list">
                <For each={d().apartments}>
                  {(a) => (
                    <li>
                      {t('dashboards.w.balance', {
                        apartment: a.apartment.number,
                        amount: euros(a.balanceCents),
                      })}
                    </li>
                  )}
                </For>
              </ul>
            )}
          </WidgetBody>
        }
      >
        <WidgetBody data={overdue} isEmpty={() => false} empty="">
          {(d) => (
            <p>
              {d().items.length === 0 && d().totalCents === 0
                ? t('dashboards.w.noOverdue')
                : t('dashboards.w.overdue', {
                    count: Object.values(d().buckets).reduce((n, b) => n + b.count, 0),
                    amount: euros(d().totalCents),
                  })}
            </p>
          )}
        </WidgetBody>
      </Show>
      <A class="widget__more" href={`/org/${props.orgId}/finance${props.staff ? '' : '/mine'}`}>
        {t('dashboards.w.allFinance')}
      </A>
    </>
  )
}
