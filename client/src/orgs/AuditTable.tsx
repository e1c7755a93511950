import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js'
import { api } from '../api.ts'
import { formatDateTime, t, tMaybe } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import type { AuditEntry } from './data.ts'

const PAGE = 50

/** An audit log, newest first, paged with `before=<id>`. `path` is /orgs/:id/audit or /admin/audit. */
export function AuditTable(props: { path: string; showOrg?: boolean }) {
  const [before, setBefore] = createSignal<number>()
  const [older, setOlder] = createSignal<AuditEntry[]>([])
  const [page] = createResource(
    () => ({ path: props.path, before: before() }),
    ({ path, before }) =>
      api
        .get<{ entries: AuditEntry[] }>(`${path}?limit=${PAGE}${before ? `&before=${before}` : ''}`)
        .then((r) => r.entries),
  )
  createEffect(
    on(
      () => props.path,
      () => {
        setOlder([])
        setBefore(undefined)
      },
      { defer: true },
    ),
  )
  const entries = () => [...older(), ...(page.latest ?? [])]
  function more() {
    const current = page.latest ?? []
    const last = current[current.length - 1]
    if (!last) return
    setOlder([...older(), ...current])
    setBefore(last.id)
  }
  return (
    <>
      <Show when={page.error}>
        <Alert kind="error">{errorMessage(page.error)}</Alert>
      </Show>
      <Show when={entries().length > 0 || page.loading} fallback={<p class="empty">{t('audit.empty')}</p>}>
        <TableWrap label={t('audit.title')}>
          <table class="table table--stack">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <Show when={props.showOrg}>
                  <th scope="col">{t('audit.org')}</th>
                </Show>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={entries()}>
                {(entry) => (
                  <tr>
                    <td class="nowrap" data-label={t('audit.when')}>
                      {formatDateTime(entry.at)}
                    </td>
                    <Show when={props.showOrg}>
                      <td data-label={t('audit.org')}>{entry.orgName ?? t('common.none')}</td>
                    </Show>
                    <td data-label={t('audit.who')}>{entry.actorName ?? t('audit.system')}</td>
                    <td data-label={t('audit.action')}>
                      {tMaybe(`audit.actions.${entry.action}`) ?? entry.action}
                    </td>
                    <td class="details" data-label={t('audit.details')}>
                      {describe(entry.details)}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableWrap>
      </Show>
      <Show when={page.loading}>
        <Loading />
      </Show>
      <Show when={!page.loading && (page.latest?.length ?? 0) === PAGE}>
        <button type="button" class="button button--secondary" onClick={more}>
          {t('common.loadMore')}
        </button>
      </Show>
    </>
  )
}

const ROLE_KEYS = new Set(['role', 'from', 'to'])

function describe(details: Record<string, unknown>): string {
  return (
    Object.entries(details ?? {})
      // Nested values (a removed row kept for its undo) are records, not something to read here.
      .filter(
        ([key, value]) =>
          value !== null && value !== undefined && typeof value !== 'object' && key !== 'userId',
      )
      .map(([key, value]) => {
        const text = String(value)
        const shown = ROLE_KEYS.has(key) ? (tMaybe(`role.${text}`) ?? text) : text
        return `${key}: ${shown}`
      })
      .join(' · ')
  )
}
