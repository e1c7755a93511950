import { A, createAsync, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import type { ArticleListResponse, ArticleSummary } from '../../../schema/api/kb.ts'
import { t } from '../i18n/index.ts'
import { Field } from '../ui/Field.tsx'
import { Page } from '../ui/Page.tsx'
import { CategoryForm } from './CategoryForm.tsx'
import { getArticles } from './data.ts'

/** Lower case without diacritics, so "saunan" matches "Saunan" and "jate" matches "jäte". */
const fold = (s: string) => s.toLocaleLowerCase('fi').normalize('NFD').replace(/\p{M}/gu, '')

/**
 * /org/:orgId/kb: the articles a member may read, grouped by category, with a filter that
 * narrows the list as you type (title and opening text; the header search finds any word).
 */
export function KbPage() {
  const params = useParams<{ orgId: string }>()
  const list = createAsync(() => getArticles(params.orgId))
  return (
    <Page title={t('kb.title')} intro={t('kb.intro')}>
      <Show when={list()} keyed>
        {(l) => <ArticleList orgId={params.orgId} list={l} />}
      </Show>
    </Page>
  )
}

function ArticleList(props: { orgId: string; list: ArticleListResponse }) {
  const [filter, setFilter] = createSignal('')
  const matches = createMemo(() => {
    const q = fold(filter().trim())
    if (!q) return props.list.articles
    return props.list.articles.filter((a) => fold(`${a.title} ${a.excerpt}`).includes(q))
  })
  const groups = createMemo(() => {
    const byCategory = new Map<string | null, ArticleSummary[]>()
    for (const a of matches()) byCategory.set(a.categoryId, [...(byCategory.get(a.categoryId) ?? []), a])
    const named = props.list.categories
      .filter((c) => byCategory.has(c.id))
      .map((c) => ({ id: c.id, name: c.name, items: byCategory.get(c.id) ?? [] }))
    const other = byCategory.get(null)
    return other ? [...named, { id: 'none', name: t('kb.uncategorised'), items: other }] : named
  })
  return (
    <div class="kb">
      <div class="kb__toolbar">
        <div class="kb__filter">
          <Field
            label={t('kb.filter')}
            hint={t('kb.filterHint')}
            type="search"
            autocomplete="off"
            value={filter()}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </div>
        <Show when={props.list.canAuthor}>
          <A class="button" href={`/org/${props.orgId}/kb/new`}>
            {t('kb.newArticle')}
          </A>
        </Show>
      </div>
      <p class="visually-hidden" role="status">
        {filter().trim() && matches().length === 0 ? t('kb.noMatches', { query: filter().trim() }) : ''}
      </p>
      <Show
        when={groups().length > 0}
        fallback={
          <p class="empty">
            {filter().trim() ? t('kb.noMatches', { query: filter().trim() }) : t('kb.none')}
          </p>
        }
      >
        <For each={groups()}>
          {(group) => (
            <section class="kb__group" aria-labelledby={`kb-group-${group.id}`}>
              <h2 id={`kb-group-${group.id}`}>{group.name}</h2>
              <ul class="kb__list">
                <For each={group.items}>
                  {(a) => (
                    <li class="kb__item">
                      <A href={`/org/${props.orgId}/kb/${a.id}`} class="kb__link">
                        {a.title}
                      </A>
                      <Show when={a.status === 'draft' || a.orgId !== props.orgId || a.shared}>
                        <span class="tags">
                          <Show when={a.status === 'draft'}>
                            <span class="tag tag--warn">{t('kb.draft')}</span>
                          </Show>
                          <Show when={a.orgId !== props.orgId}>
                            <span class="tag">{t('kb.sharedBy', { org: a.orgName })}</span>
                          </Show>
                          <Show when={a.orgId === props.orgId && a.shared}>
                            <span class="tag">{t('kb.shared')}</span>
                          </Show>
                        </span>
                      </Show>
                      <p class="kb__excerpt">{a.excerpt}</p>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </Show>
      <Show when={props.list.canAuthor}>
        <CategoryForm orgId={props.orgId} categories={props.list.categories} />
      </Show>
    </div>
  )
}
