import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show } from 'solid-js'
import { SEARCH_TYPES, type SearchResponse, type SearchResult } from '../../../schema/api/search.ts'
import { ApiError, api } from '../api.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { DatePicker } from '../ui/DatePicker.tsx'
import { Page } from '../ui/Page.tsx'
import { TYPE_ORDER } from './SearchBox.tsx'

type Params = { q?: string; types?: string; org?: string; from?: string; to?: string; author?: string }

const PAGE_SIZE = 20

/**
 * /search?q=&types=&org=&from=&to=&author=: every result the caller may see, with filters.
 * The filters live in the URL (a search can be bookmarked or shared with a colleague, who sees
 * only what their own role allows); results are grouped by type and paged with the server's
 * cursor ("Show more" appends). The author choices are "me" and the authors of the results so
 * far: the page never lists people the caller could not otherwise see.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams<Params>()
  const me = useMe()
  const [text, setText] = createSignal(params.q ?? '')
  const [results, setResults] = createSignal<SearchResult[]>([])
  const [cursor, setCursor] = createSignal<string | null>(null)
  const [state, setState] = createSignal<'idle' | 'loading' | 'done' | 'error'>('idle')
  const [error, setError] = createSignal('')
  const [authors, setAuthors] = createSignal(new Map<string, string>())
  const ids = {
    q: createUniqueId(),
    org: createUniqueId(),
    author: createUniqueId(),
    types: createUniqueId(),
  }
  let sequence = 0

  const selectedTypes = () => (params.types ? params.types.split(',').filter((x) => x !== '') : [])
  const query = (after: string | null) => {
    const qs = new URLSearchParams({ q: params.q ?? '', limit: String(PAGE_SIZE) })
    for (const key of ['types', 'org', 'from', 'to', 'author'] as const) {
      const value = params[key]
      if (value) qs.set(key, value)
    }
    if (after) qs.set('cursor', after)
    return `/search?${qs}`
  }

  async function load(after: string | null) {
    const mine = ++sequence
    if ((params.q ?? '').trim().length < 2) {
      setResults([])
      setCursor(null)
      setState('idle')
      return
    }
    setState('loading')
    try {
      const page = await api.get<SearchResponse>(query(after))
      if (mine !== sequence) return
      setResults((prev) => (after ? [...prev, ...page.results] : page.results))
      setCursor(page.nextCursor)
      setAuthors((prev) => {
        const next = new Map(prev)
        for (const r of page.results) if (r.author?.name) next.set(r.author.id, r.author.name)
        return next
      })
      setState('done')
    } catch (e) {
      if (mine !== sequence) return
      setError(e instanceof ApiError ? e.message : '')
      setState('error')
    }
  }

  createEffect(
    on(
      () => [params.q, params.types, params.org, params.from, params.to, params.author],
      () => {
        setText(params.q ?? '')
        void load(null)
      },
    ),
  )

  const grouped = createMemo(() =>
    TYPE_ORDER.map((type) => ({ type, items: results().filter((r) => r.type === type) })).filter(
      (g) => g.items.length > 0,
    ),
  )
  const authorChoices = createMemo(() =>
    [...authors()].filter(([id]) => id !== me().user.id).sort((a, b) => a[1].localeCompare(b[1])),
  )
  const set = (patch: Partial<Params>) => setParams({ ...patch })
  const toggleType = (type: string, on: boolean) => {
    const next = new Set(selectedTypes())
    if (on) next.add(type)
    else next.delete(type)
    set({ types: next.size > 0 ? [...next].join(',') : undefined })
  }
  const dateFormat = () =>
    new Intl.DateTimeFormat(document.documentElement.lang || 'fi', { dateStyle: 'medium' })

  return (
    <Page title={t('search.advanced.title')} wide>
      <form
        class="search-page__form"
        aria-label={t('search.advanced.title')}
        onSubmit={(e) => {
          e.preventDefault()
          set({ q: text().trim() || undefined })
        }}
      >
        <div class="search-page__query">
          <div class="field">
            <label for={ids.q}>{t('search.advanced.query')}</label>
            <input
              id={ids.q}
              type="search"
              value={text()}
              onInput={(e) => setText(e.currentTarget.value)}
              placeholder={t('search.placeholder')}
            />
          </div>
          <button type="submit" class="button">
            {t('search.advanced.submit')}
          </button>
        </div>
        <div class="search-page__filters">
          <fieldset class="search-page__types">
            <legend id={ids.types}>{t('search.advanced.types')}</legend>
            <For each={SEARCH_TYPES}>
              {(type) => (
                <label class="search-page__check">
                  <input
                    type="checkbox"
                    checked={selectedTypes().includes(type)}
                    onChange={(e) => toggleType(type, e.currentTarget.checked)}
                  />
                  {t(`search.type.${type}`)}
                </label>
              )}
            </For>
          </fieldset>
          <div class="field">
            <label for={ids.org}>{t('search.advanced.org')}</label>
            <select
              id={ids.org}
              value={params.org ?? ''}
              onChange={(e) => set({ org: e.currentTarget.value || undefined })}
            >
              <option value="">{t('search.advanced.anyOrg')}</option>
              <For each={me().organisations.filter((o) => o.status === 'active')}>
                {(o) => <option value={o.id}>{o.name}</option>}
              </For>
            </select>
          </div>
          <DatePicker
            label={t('search.advanced.from')}
            value={params.from ?? ''}
            max={params.to}
            onChange={(iso) => set({ from: iso || undefined })}
          />
          <DatePicker
            label={t('search.advanced.to')}
            value={params.to ?? ''}
            min={params.from}
            onChange={(iso) => set({ to: iso || undefined })}
          />
          <div class="field">
            <label for={ids.author}>{t('search.advanced.author')}</label>
            <select
              id={ids.author}
              value={params.author ?? ''}
              onChange={(e) => set({ author: e.currentTarget.value || undefined })}
            >
              <option value="">{t('search.advanced.anyone')}</option>
              <option value={me().user.id}>{t('search.advanced.me')}</option>
              <For each={authorChoices()}>{([id, name]) => <option value={id}>{name}</option>}</For>
            </select>
          </div>
        </div>
      </form>

      <div class="search-page__status" role="status" aria-live="polite">
        <Show when={state() === 'loading' && results().length === 0}>{t('search.searching')}</Show>
        <Show when={state() === 'error'}>{error() || t('search.failed')}</Show>
        <Show when={state() === 'idle'}>{t('search.advanced.hint')}</Show>
        <Show when={state() === 'done' && results().length === 0}>
          <p>{t('search.noResults', { query: params.q ?? '' })}</p>
          <p class="search-dialog__help">{t('search.noResultsHelp')}</p>
        </Show>
        <Show when={state() === 'done' && results().length > 0}>
          {t('search.advanced.count', { count: String(results().length) })}
        </Show>
      </div>

      <For each={grouped()}>
        {(group) => (
          <section class="search-page__group" aria-labelledby={`${ids.types}-${group.type}`}>
            <h2 id={`${ids.types}-${group.type}`}>
              {t(`search.type.${group.type}`)} <span class="muted">({group.items.length})</span>
            </h2>
            <ul class="search-page__list">
              <For each={group.items}>
                {(item) => (
                  <li class="search-page__item search-result">
                    <A href={item.url} class="search-result__title">
                      {item.title}
                    </A>
                    {/* Safe as HTML: the server escapes everything but the <mark> it adds. */}
                    <div class="search-result__snippet" innerHTML={item.snippet} />
                    <div class="search-result__org">
                      {item.orgName}
                      {' · '}
                      <time datetime={item.updatedAt}>{dateFormat().format(new Date(item.updatedAt))}</time>
                      <Show when={item.author?.name}>
                        {' · '}
                        {item.author?.name}
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </section>
        )}
      </For>
      <Show when={cursor()}>
        <button
          type="button"
          class="button button--secondary search-page__more"
          disabled={state() === 'loading'}
          onClick={() => void load(cursor())}
        >
          {state() === 'loading' ? t('search.searching') : t('search.advanced.more')}
        </button>
      </Show>
    </Page>
  )
}
