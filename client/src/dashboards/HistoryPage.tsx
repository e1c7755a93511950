import { A, useParams } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { api } from '../api.ts'
import { formatDate, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { getHistory } from './data.ts'

/** /org/:orgId/history/(buildings|apartments)/:id: the work done there, newest first. */
export function HistoryPage() {
  const params = useParams<{ orgId: string; kind: 'buildings' | 'apartments'; id: string }>()
  const [history] = createResource(
    () => [params.orgId, params.kind, params.id] as const,
    ([o, k, id]) => getHistory(o, k === 'apartments' ? 'apartments' : 'buildings', id),
  )
  return (
    <Page
      title={t('dashboards.history.title', { place: history()?.place.label ?? '' })}
      intro={t('dashboards.history.intro')}
      wide
    >
      <Show when={history.error}>
        <Alert kind="error">{errorMessage(history.error)}</Alert>
      </Show>
      <Show when={history()}>
        {(h) => (
          <Show when={h().entries.length > 0} fallback={<p class="empty">{t('dashboards.history.empty')}</p>}>
            <TableWrap label={t('dashboards.history.table')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboards.history.what')}</th>
                    <th scope="col">{t('dashboards.history.category')}</th>
                    <th scope="col">{t('dashboards.history.reported')}</th>
                    <th scope="col">{t('dashboards.history.done')}</th>
                    <th scope="col">{t('dashboards.history.by')}</th>
                    <th scope="col">{t('dashboards.history.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={h().entries}>
                    {(e) => (
                      <tr>
                        <td>
                          {/* Plain text: the history may list cases its reader could not open. */}#{e.number}{' '}
                          {e.title}
                          <Show when={e.place}>
                            <div class="widget__meta">{e.place}</div>
                          </Show>
                        </td>
                        <td>{e.category}</td>
                        <td>{formatDate(e.reportedAt)}</td>
                        <td>{formatDate(e.doneAt)}</td>
                        <td>{e.doneBy ?? '—'}</td>
                        <td>{t(`cases.status.${e.status}`)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
          </Show>
        )}
      </Show>
    </Page>
  )
}

interface Structure {
  buildings: { id: string; name: string; address: string; apartments: { id: string; number: string }[] }[]
}

/** /org/:orgId/history: the buildings (and their apartments) whose service history to open. */
export function HistoryIndexPage() {
  const params = useParams<{ orgId: string }>()
  const [structure] = createResource(
    () => params.orgId,
    (org) => api.get<Structure>(`/orgs/${org}`),
  )
  return (
    <Page title={t('dashboards.history.buildingNav')} intro={t('dashboards.history.intro')}>
      <Show when={structure.error}>
        <Alert kind="error">{errorMessage(structure.error)}</Alert>
      </Show>
      <For each={structure()?.buildings ?? []}>
        {(b) => (
          <>
            <h2>
              <A href={`/org/${params.orgId}/history/buildings/${b.id}`}>{b.name}</A>
            </h2>
            <p class="widget__meta">{b.address}</p>
            <ul class="quick-links">
              <For each={b.apartments}>
                {(a) => (
                  <li>
                    <A href={`/org/${params.orgId}/history/apartments/${a.id}`}>{a.number}</A>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </For>
    </Page>
  )
}
