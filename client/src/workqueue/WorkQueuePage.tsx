import { A, createAsyncStore, query, revalidate, useSearchParams } from '@solidjs/router'
import { createEffect, For, on, Show } from 'solid-js'
import {
  QUEUE_BUCKETS,
  QUEUE_MAX,
  QUEUE_PAGE,
  type QueueBucket,
  type QueueItem,
  type WorkQueue,
} from '../../../schema/api/workQueue.ts'
import { api } from '../api.ts'
import { chatActivity, ensureInbox, inboxItems } from '../cases/inbox.ts'
import { StatusTag } from '../cases/labels.tsx'
import { formatDate, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'

const getQueue = query((search: string) => api.get<WorkQueue>(`/work-queue?${search}`), 'work-queue')

/**
 * /work-queue: a handler's open cases across every cooperative, grouped by cooperative, in one
 * screen. The bucket buttons filter (counts beside them), the cooperative and the text narrow.
 * Keyboard: ↓/↑ or J/K move between cases, Home/End jump, Enter opens (each case is a link).
 * Live: a case notification in the inbox or chat activity fetches the queue again.
 */
export function WorkQueuePage() {
  const me = useMe()
  ensureInbox(me().user.id)
  const [search, setSearch] = useSearchParams<{ bucket?: string; org?: string; q?: string; limit?: string }>()
  const bucket = (): QueueBucket =>
    (QUEUE_BUCKETS as readonly string[]).includes(search.bucket ?? '')
      ? (search.bucket as QueueBucket)
      : 'all'
  const queryString = () => {
    const p = new URLSearchParams({ bucket: bucket() })
    if (search.org) p.set('org', search.org)
    if (search.q) p.set('q', search.q)
    if (shown() > QUEUE_PAGE) p.set('limit', String(shown()))
    return p.toString()
  }
  // How many items are asked for: a page, and one more page per "Show more" (kept in the URL).
  const shown = () => {
    const n = Number(search.limit)
    return Number.isInteger(n) && n > QUEUE_PAGE ? Math.min(n, QUEUE_MAX) : QUEUE_PAGE
  }
  // A store reconciled by id: the queue is fetched again on every case notification or chat
  // activity, and rebuilt rows would drop the focus of someone moving through it with J/K.
  const queue = createAsyncStore(() => getQueue(queryString()), { reconcile: { key: 'id' } })
  createEffect(
    on(
      () => [inboxItems().filter((i) => i.link.includes('/cases/')).length, chatActivity()?.at] as const,
      (now, prev) => {
        if (prev !== undefined && (now[0] !== prev[0] || now[1] !== prev[1])) void revalidate(getQueue.key)
      },
    ),
  )
  const itemsOf = (orgId: string) => (queue()?.items ?? []).filter((i) => i.orgId === orgId)

  // Roving focus over the case links, in screen order.
  const onKeyDown = (e: KeyboardEvent) => {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('.queue__item a')]
    if (links.length === 0) return
    const at = links.indexOf(document.activeElement as HTMLAnchorElement)
    const go = (i: number) => {
      e.preventDefault()
      links[Math.max(0, Math.min(links.length - 1, i))]!.focus()
    }
    if (e.key === 'ArrowDown' || e.key === 'j') go(at + 1)
    else if (e.key === 'ArrowUp' || e.key === 'k') go(at < 0 ? 0 : at - 1)
    else if (e.key === 'Home' && at >= 0) go(0)
    else if (e.key === 'End' && at >= 0) go(links.length - 1)
  }

  return (
    <Page title={t('workQueue.title')} intro={t('workQueue.intro')} wide>
      <form class="queue__filters" aria-label={t('workQueue.filters')} onSubmit={(e) => e.preventDefault()}>
        <fieldset class="queue__buckets">
          <legend class="visually-hidden">{t('workQueue.filters')}</legend>
          <For each={QUEUE_BUCKETS}>
            {(b) => (
              <button
                type="button"
                class="button button--small"
                classList={{ 'button--secondary': bucket() !== b }}
                aria-pressed={bucket() === b}
                onClick={() => setSearch({ bucket: b === 'all' ? undefined : b })}
              >
                {t(`workQueue.bucket.${b}`)} <span class="queue__count">{queue()?.totals[b] ?? '…'}</span>
              </button>
            )}
          </For>
        </fieldset>
        <div class="field">
          <label for="queue-org">{t('workQueue.cooperative')}</label>
          <select
            id="queue-org"
            value={search.org ?? ''}
            onChange={(e) => setSearch({ org: e.currentTarget.value || undefined })}
          >
            <option value="">{t('workQueue.allCooperatives')}</option>
            <For each={queue()?.groups ?? []}>{(g) => <option value={g.org.id}>{g.org.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="queue-q">{t('workQueue.search')}</label>
          <input
            id="queue-q"
            type="search"
            value={search.q ?? ''}
            onChange={(e) => setSearch({ q: e.currentTarget.value.trim() || undefined })}
          />
        </div>
      </form>
      <Show when={queue()}>
        {(q) => (
          <Show when={q().groups.length > 0} fallback={<p class="empty">{t('workQueue.noOrgs')}</p>}>
            <Show when={q().items.length > 0} fallback={<p class="empty">{t('workQueue.empty')}</p>}>
              {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the links inside */}
              <div class="queue" onKeyDown={onKeyDown}>
                <For each={q().groups.filter((g) => itemsOf(g.org.id).length > 0)}>
                  {(g) => (
                    <section class="queue__group" aria-labelledby={`queue-${g.org.id}`}>
                      <h2 id={`queue-${g.org.id}`}>
                        {g.org.name}{' '}
                        <span class="muted">{t('workQueue.count', { n: g.counts[bucket()] })}</span>
                      </h2>
                      <ul class="queue__list" aria-label={t('workQueue.listLabel', { org: g.org.name })}>
                        <For each={itemsOf(g.org.id)}>{(item) => <Item item={item} />}</For>
                      </ul>
                    </section>
                  )}
                </For>
              </div>
              <Show when={q().truncated}>
                <p class="muted">{t('workQueue.truncated', { n: q().items.length })}</p>
                <Show when={shown() < QUEUE_MAX}>
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={() => setSearch({ limit: String(shown() + QUEUE_PAGE) })}
                  >
                    {t('workQueue.more', { n: QUEUE_PAGE })}
                  </button>
                </Show>
              </Show>
            </Show>
          </Show>
        )}
      </Show>
    </Page>
  )
}

function Item(props: { item: QueueItem }) {
  const i = () => props.item
  return (
    <li class="queue__item" classList={{ 'queue__item--unread': i().flags.unread }}>
      <A href={`/org/${i().orgId}/cases/${i().id}`}>
        <span class="queue__number">#{i().number}</span> {i().title}
      </A>
      <span class="queue__meta">
        <StatusTag status={i().status} />
        <span class="tag">{t(`cases.priority.${i().priority}`)}</span>
        <Show when={i().flags.unassigned}>
          <span class="tag tag--warn">{t('workQueue.unassignedTag')}</span>
        </Show>
        <Show when={i().flags.overdue}>
          <span class="tag tag--warn">{t('workQueue.overdueTag')}</span>
        </Show>
        <Show when={i().flags.unread}>
          <span class="tag">{t('workQueue.unreadTag')}</span>
        </Show>
        <Show when={i().dueDate}>
          <span class="muted">{t('workQueue.due', { date: formatDate(i().dueDate!) })}</span>
        </Show>
        <Show when={i().assignee}>
          <span class="muted">{i().assignee!.name}</span>
        </Show>
        <Show when={i().place}>
          <span class="muted">{i().place}</span>
        </Show>
      </span>
    </li>
  )
}
