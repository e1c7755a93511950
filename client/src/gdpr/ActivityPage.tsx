import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import type { ActivityEntry } from '../../../schema/api/gdpr.ts'
import { api } from '../api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { DatePicker } from '../ui/DatePicker.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { Page } from '../ui/Page.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

/**
 * /org/:orgId/activity: the organisation's activity history (its audit trail described in the
 * reader's language by the API, newest 500), filtered by date and downloadable as CSV, for its
 * admins, property managers and auditor. Others get the API's 403/404 as the route's error state.
 */
export function ActivityPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const query = (format?: 'csv') => {
    const q = new URLSearchParams()
    if (from()) q.set('from', from())
    if (to()) q.set('to', to())
    if (format) q.set('format', format)
    const s = q.toString()
    return s ? `?${s}` : ''
  }
  const entries = createAsync(() =>
    api.get<{ entries: ActivityEntry[] }>(`/orgs/${params.orgId}/activity${query()}`).then((r) => r.entries),
  )
  const title = () => (org() ? `${t('gdpr.activity.title')} · ${org()?.name}` : t('gdpr.activity.title'))
  return (
    <Page title={title()} intro={t('gdpr.activity.intro')} wide>
      <div class="gdpr-filters">
        <DatePicker label={t('gdpr.activity.from')} value={from()} onChange={(iso) => setFrom(iso)} />
        <DatePicker label={t('gdpr.activity.to')} value={to()} onChange={(iso) => setTo(iso)} />
        <a
          class="button button--secondary gdpr-filters__download"
          href={`/api/orgs/${params.orgId}/activity${query('csv')}`}
          download="activity.csv"
        >
          {t('gdpr.activity.csv')}
        </a>
      </div>
      <Suspense fallback={<Skeleton variant="list" />}>
        <Show
          when={(entries()?.length ?? 0) > 0}
          fallback={
            <EmptyState
              title={t('gdpr.activity.empty')}
              text={from() || to() ? t('gdpr.activity.emptyFiltered') : undefined}
            />
          }
        >
          <TableWrap label={t('gdpr.activity.title')}>
            <table class="table table--stack">
              <caption class="visually-hidden">{t('gdpr.activity.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gdpr.activity.when')}</th>
                  <th scope="col">{t('gdpr.activity.who')}</th>
                  <th scope="col">{t('gdpr.activity.what')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={entries()}>
                  {(e) => (
                    <tr>
                      <td class="nowrap" data-label={t('gdpr.activity.when')}>
                        <time datetime={e.at}>{formatDateTime(e.at)}</time>
                      </td>
                      <td data-label={t('gdpr.activity.who')}>{e.actor ?? t('gdpr.activity.system')}</td>
                      <td data-label={t('gdpr.activity.what')}>{e.description}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
        </Show>
      </Suspense>
    </Page>
  )
}
