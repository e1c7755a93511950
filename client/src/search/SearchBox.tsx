import { useNavigate } from '@solidjs/router'
import {
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  For,
  onCleanup,
  onMount,
  Show,
} from 'solid-js'
import type { SearchResponse, SearchResult, SearchType } from '../../../schema/api/search.ts'
import { api } from '../api.ts'
import { t } from '../i18n/index.ts'

export const TYPE_ORDER: readonly SearchType[] = [
  // A reference number names one invoice: it comes first.
  'invoice',
  'document',
  'folder',
  'message',
  'case',
  'task',
  'booking',
  'article',
  'material',
  'person',
]

/**
 * The one search box: Ctrl+K / ⌘K opens it, results arrive as you type (debounced, stale answers
 * dropped), grouped by type; arrows move, Enter opens, Escape closes. Snippets come from the
 * server HTML-escaped with only <mark> added, so they are rendered as HTML.
 */
export function SearchBox() {
  const navigate = useNavigate()
  const [open, setOpen] = createSignal(false)
  const [query, setQuery] = createSignal('')
  const [results, setResults] = createSignal<SearchResult[]>([])
  const [active, setActive] = createSignal(0)
  const [state, setState] = createSignal<'idle' | 'loading' | 'done' | 'error'>('idle')
  const listId = createUniqueId()
  let input: HTMLInputElement | undefined
  let sequence = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const grouped = createMemo(() =>
    TYPE_ORDER.map((type) => ({ type, items: results().filter((r) => r.type === type) })).filter(
      (g) => g.items.length > 0,
    ),
  )
  // Keyboard order follows the grouped display order.
  const flat = createMemo(() => grouped().flatMap((g) => g.items))

  function run(text: string) {
    clearTimeout(timer)
    if (text.trim().length < 2) {
      setResults([])
      setState('idle')
      return
    }
    setState('loading')
    const mine = ++sequence
    timer = setTimeout(async () => {
      try {
        const page = await api.get<SearchResponse>(`/search?limit=20&q=${encodeURIComponent(text)}`)
        if (mine !== sequence) return
        setResults(page.results)
        setActive(0)
        setState('done')
      } catch {
        if (mine === sequence) setState('error')
      }
    }, 120)
  }

  function go(result: SearchResult | undefined) {
    if (!result) return
    setOpen(false)
    navigate(result.url)
  }

  function onKey(e: KeyboardEvent) {
    const count = flat().length
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((i) => (count === 0 ? 0 : (i + 1) % count))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((i) => (count === 0 ? 0 : (i - 1 + count) % count))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      go(flat()[active()])
    } else if (e.key === 'Escape') {
      e.preventDefault()
      setOpen(false)
    }
  }

  onMount(() => {
    const shortcut = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        setOpen(true)
      }
    }
    window.addEventListener('keydown', shortcut)
    onCleanup(() => window.removeEventListener('keydown', shortcut))
  })
  createEffect(() => {
    if (open()) queueMicrotask(() => input?.focus())
  })

  const optionId = (i: number) => `${listId}-${i}`

  return (
    <>
      <button
        type="button"
        class="search-trigger"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
      >
        <span aria-hidden="true">⌕</span>
        <span class="search-trigger__label">{t('search.placeholder')}</span>
        <kbd class="search-trigger__kbd">Ctrl K</kbd>
      </button>
      <Show when={open()}>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop closes; Escape does the same from the keyboard */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: keyboard users close with Escape in the input */}
        <div class="search-overlay" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
          <div class="search-dialog" role="dialog" aria-modal="true" aria-label={t('search.title')}>
            <input
              ref={input}
              class="search-dialog__input"
              type="search"
              role="combobox"
              aria-expanded={flat().length > 0}
              aria-controls={listId}
              aria-activedescendant={flat().length > 0 ? optionId(active()) : undefined}
              aria-label={t('search.title')}
              placeholder={t('search.placeholder')}
              value={query()}
              onInput={(e) => {
                setQuery(e.currentTarget.value)
                run(e.currentTarget.value)
              }}
              onKeyDown={onKey}
            />
            <div id={listId} role="listbox" class="search-dialog__results" aria-label={t('search.results')}>
              <For each={grouped()}>
                {(group) => (
                  // biome-ignore lint/a11y/useSemanticElements: a group inside a listbox is a role, not a form fieldset
                  <div role="group" aria-label={t(`search.type.${group.type}`)}>
                    <div class="search-group__title">{t(`search.type.${group.type}`)}</div>
                    <For each={group.items}>
                      {(item) => {
                        const index = () => flat().indexOf(item)
                        return (
                          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles arrows and Enter
                          <div
                            id={optionId(index())}
                            tabIndex={-1}
                            role="option"
                            aria-selected={index() === active()}
                            class="search-result"
                            classList={{ 'search-result--active': index() === active() }}
                            onMouseEnter={() => setActive(index())}
                            onClick={() => go(item)}
                          >
                            <div class="search-result__title">{item.title}</div>
                            {/* Safe as HTML: the server escapes everything but the <mark> it adds. */}
                            <div class="search-result__snippet" innerHTML={item.snippet} />
                            <div class="search-result__org">{item.orgName}</div>
                          </div>
                        )
                      }}
                    </For>
                  </div>
                )}
              </For>
            </div>
            <div class="search-dialog__status" role="status">
              <Show when={state() === 'loading'}>{t('search.searching')}</Show>
              <Show when={state() === 'error'}>{t('search.failed')}</Show>
              <Show when={state() === 'done' && results().length === 0}>
                <p>{t('search.noResults', { query: query() })}</p>
                <p class="search-dialog__help">{t('search.noResultsHelp')}</p>
              </Show>
              <Show when={state() === 'idle'}>{t('search.hint')}</Show>
            </div>
            <a
              class="search-dialog__all"
              href={`/search${query().trim() ? `?q=${encodeURIComponent(query().trim())}` : ''}`}
              onClick={(e) => {
                e.preventDefault()
                setOpen(false)
                navigate(e.currentTarget.getAttribute('href') ?? '/search')
              }}
            >
              {t('search.allResults')}
            </a>
          </div>
        </div>
      </Show>
    </>
  )
}
