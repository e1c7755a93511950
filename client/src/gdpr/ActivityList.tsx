import { createAsync } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import type { ActivityEntry } from '../../../schema/api/gdpr.ts'
import { api } from '../api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { DatePicker } from '../ui/DatePicker.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

/**
 * An activity history as the API describes it in the reader's language (newest 500): date
 * filters, a CSV download and the table. `source` is the API path without `/api` and query
 * (`/orgs/<id>/activity` for an organisation's, `/gdpr/activity` for the person's own).
 */
export function ActivityList(props: { source: string; label: string }) {
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
    api.get<{ entries: ActivityEntry[] }>(`${props.source}${query()}`).then((r) => r.entries),
  )
  return (
    <>
      <div class="gdpr-filters">
        <DatePicker label={t('gdpr.activity.from')} value={from()} onChange={(iso) => setFrom(iso)} />
        <DatePicker label={t('gdpr.activity.to')} value={to()} onChange={(iso) => setTo(iso)} />
        <a
          class="button button--secondary gdpr-filters__download"
          href={`/api${props.source}${query('csv')}`}
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
          <TableWrap label={props.label}>
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
    </>
  )
}
