import { A, createAsync, revalidate, useParams, useSearchParams } from '@solidjs/router'
import { createEffect, createUniqueId, For, on, Show } from 'solid-js'
import type { CaseFilterOptions, CaseSummary } from '../../../schema/api/cases.ts'
import { CASE_STATUSES } from '../../../schema/cases.ts'
import { t, tPlural } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { IconFilter } from '../ui/icons.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { type CaseFilters, getAllCategories, getCases } from './data.ts'
import { ensureInbox, inboxItems } from './inbox.ts'
import { categoryLabel, formatDate, StatusTag } from './labels.tsx'

/**
 * /org/:orgId/cases: the cases the user may see, filtered, sorted and paged through the URL
 * (so a filtered list can be bookmarked). A new notification about cases reloads it live.
 */
export function CasesPage() {
  const params = useParams<{ orgId: string }>()
  const [search, setSearch] = useSearchParams<Record<string, string>>()
  const me = useMe()
  ensureInbox(me().user.id)
  const filters = (): CaseFilters => ({
    status: search.status ?? 'new,in_progress,waiting',
    category: search.category,
    building: search.building,
    assignee: search.assignee,
    mine: search.mine === '1',
    sort: search.sort ?? 'created',
    order: search.order === 'asc' ? 'asc' : 'desc',
    page: Number(search.page ?? 1) || 1,
  })
  const list = createAsync(() => getCases(params.orgId, filters()))
  // Retired categories too: old cases are still filed (and filtered) under them.
  const categories = createAsync(() => getAllCategories(params.orgId).catch(() => undefined))
  const org = () => me().organisations.find((o) => o.id === params.orgId)

  // Live: when a case notification for this organisation arrives, the list is fetched again.
  createEffect(
    on(
      () => inboxItems().filter((i) => i.orgId === params.orgId && i.link.includes('/cases/')).length,
      (n, prev) => {
        if (prev !== undefined && n !== prev) void revalidate(getCases.key)
      },
    ),
  )

  const set = (patch: Record<string, string | undefined>) => setSearch({ ...patch, page: undefined })
  const ids = {
    status: createUniqueId(),
    category: createUniqueId(),
    sort: createUniqueId(),
    assignee: createUniqueId(),
    building: createUniqueId(),
  }
  // The choices stay while a new page of the list loads.
  let lastOptions: CaseFilterOptions = { buildings: [], assignees: [] }
  const options = (): CaseFilterOptions => {
    const fresh = list.latest?.filterOptions
    if (fresh) lastOptions = fresh
    return lastOptions
  }
  const pages = () => {
    const l = list()
    return l ? Math.max(1, Math.ceil(l.total / l.pageSize)) : 1
  }

  return (
    <Page title={t('cases.title')} wide>
      <div class="cases__bar">
        <Show when={list()?.abilities.create}>
          <A class="button" href={`/org/${params.orgId}/cases/new`}>
            {t('cases.report')}
          </A>
        </Show>
        <p class="muted">{org()?.name}</p>
        <Show when={categories()?.abilities?.manage}>
          <A class="button button--secondary button--small" href={`/org/${params.orgId}/cases/categories`}>
            {t('cases.categories.link')}
          </A>
        </Show>
      </div>
      {/* On a phone the four filters pushed the list below the fold: folded there, open on a desktop. */}
      <details class="cases__filter-box" open={!window.matchMedia('(max-width: 640px)').matches}>
        <summary class="cases__filter-summary">
          <IconFilter size={18} />
          {t('cases.filters')}
        </summary>
        <form class="cases__filters" onSubmit={(e) => e.preventDefault()} aria-label={t('cases.filters')}>
          <div class="field">
            <label for={ids.status}>{t('cases.field.status')}</label>
            <select
              id={ids.status}
              value={filters().status}
              onChange={(e) => set({ status: e.currentTarget.value })}
            >
              <option value="new,in_progress,waiting">{t('cases.filter.open')}</option>
              <option value="resolved,closed">{t('cases.filter.done')}</option>
              <option value="">{t('cases.filter.all')}</option>
              <For each={CASE_STATUSES}>{(s) => <option value={s}>{t(`cases.status.${s}`)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for={ids.category}>{t('cases.field.category')}</label>
            <select
              id={ids.category}
              value={filters().category ?? ''}
              onChange={(e) => set({ category: e.currentTarget.value || undefined })}
            >
              <option value="">{t('cases.filter.all')}</option>
              <For each={categories()?.categories ?? []}>
                {(c) => <option value={c.key}>{categoryLabel(c)}</option>}
              </For>
            </select>
          </div>
          <div class="field">
            <label for={ids.sort}>{t('cases.sort.label')}</label>
            <select
              id={ids.sort}
              value={`${filters().sort}:${filters().order}`}
              onChange={(e) => {
                const [sort, order] = e.currentTarget.value.split(':')
                set({ sort, order })
              }}
            >
              <option value="created:desc">{t('cases.sort.newest')}</option>
              <option value="created:asc">{t('cases.sort.oldest')}</option>
              <option value="updated:desc">{t('cases.sort.updated')}</option>
              <option value="priority:desc">{t('cases.sort.priority')}</option>
              <option value="due:asc">{t('cases.sort.due')}</option>
            </select>
          </div>
          <div class="field">
            <label for={ids.assignee}>{t('cases.field.assignee')}</label>
            <select
              id={ids.assignee}
              value={filters().assignee ?? ''}
              onChange={(e) => set({ assignee: e.currentTarget.value || undefined })}
            >
              <option value="">{t('cases.filter.all')}</option>
              <option value="me">{t('cases.filter.assignedToMe')}</option>
              <option value="none">{t('cases.filter.unassigned')}</option>
              <For each={options().assignees.filter((a) => a.id !== me().user.id)}>
                {(a) => <option value={a.id}>{a.name}</option>}
              </For>
            </select>
          </div>
          {/* Only where there is a choice: most cooperatives have one building. */}
          <Show when={options().buildings.length > 1 || filters().building}>
            <div class="field">
              <label for={ids.building}>{t('cases.field.building')}</label>
              <select
                id={ids.building}
                value={filters().building ?? ''}
                onChange={(e) => set({ building: e.currentTarget.value || undefined })}
              >
                <option value="">{t('cases.filter.all')}</option>
                <For each={options().buildings}>{(b) => <option value={b.id}>{b.name}</option>}</For>
              </select>
            </div>
          </Show>
          <label class="cases__check">
            <input
              type="checkbox"
              checked={filters().mine}
              onChange={(e) => set({ mine: e.currentTarget.checked ? '1' : undefined })}
            />
            {t('cases.filter.mine')}
          </label>
        </form>
      </details>

      <Show when={list()} fallback={<Loading />}>
        {(l) => (
          <>
            <p class="muted" role="status">
              {tPlural('cases.count', l().total)}
            </p>
            <Show when={l().cases.length > 0} fallback={<p class="empty">{t('cases.empty')}</p>}>
              <ul class="case-list">
                <For each={l().cases}>
                  {(c) => <CaseRow orgId={params.orgId} item={c} categories={categories()?.categories} />}
                </For>
              </ul>
            </Show>
            <Show when={pages() > 1}>
              <nav class="pager" aria-label={t('cases.pages')}>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  disabled={l().page <= 1}
                  onClick={() => setSearch({ page: String(l().page - 1) })}
                >
                  {t('cases.previous')}
                </button>
                <span>{t('cases.pageOf', { page: l().page, pages: pages() })}</span>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  disabled={l().page >= pages()}
                  onClick={() => setSearch({ page: String(l().page + 1) })}
                >
                  {t('cases.next')}
                </button>
              </nav>
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}

function CaseRow(props: {
  orgId: string
  item: CaseSummary
  categories: ReadonlyArray<{ key: string; name: string | null }> | undefined
}) {
  const c = () => props.item
  const category = () =>
    categoryLabel(props.categories?.find((x) => x.key === c().category) ?? { key: c().category, name: null })
  return (
    <li class="case-row">
      <A href={`/org/${props.orgId}/cases/${c().id}`} class="case-row__link">
        <span class="case-row__title">
          <span class="muted">#{c().number}</span> {c().title}
          <Show when={c().unread > 0}>
            <span class="badge" title={tPlural('cases.unread', c().unread)}>
              {c().unread}
            </span>
          </Show>
        </span>
        <span class="case-row__meta">
          <StatusTag status={c().status} />
          <Show when={c().priority === 'urgent' || c().priority === 'high'}>
            <span class="tag tag--warn">{t(`cases.priority.${c().priority}`)}</span>
          </Show>
          <span>{category()}</span>
          <Show when={c().building} keyed>
            {(b) => (
              <span>
                {b.name}
                <Show when={c().apartment} keyed>
                  {(a) => <> · {a.number}</>}
                </Show>
              </span>
            )}
          </Show>
          <span>{c().reporter.name}</span>
          <span>{formatDate(c().createdAt)}</span>
          <Show when={c().assignee} keyed>
            {(a) => <span>→ {a.name}</span>}
          </Show>
        </span>
      </A>
    </li>
  )
}
