import { createAsync, useParams } from '@solidjs/router'
import { createSignal, createUniqueId, For, onMount, Show } from 'solid-js'
import type * as Y from 'yjs'
import {
  addChecklistItem,
  type BoardCard,
  type CardPatch,
  MAX_LABELS,
  removeChecklistItem,
  restoreChecklistItem,
  setChecklistItem,
  updateCard,
} from '../../../schema/docs/board.ts'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { formatDateTime, t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { offerUndo } from '../ui/confirm.tsx'
import { DatePicker } from '../ui/DatePicker.tsx'
import { useMutation } from '../ui/mutation.ts'
import { getComments, postCommentAction } from './data.ts'

type Option = { id: string; name: string }

/**
 * One card in a side panel: every field writes into the board document at once (Escape or the
 * close button returns focus to the card); comments go through /api/tasks, which the contractor
 * the card is delegated to also reads and writes.
 */
export function CardDetail(props: {
  card: BoardCard
  doc: Y.Doc
  canWrite: boolean
  people: Option[]
  partners: Option[]
  onClose: () => void
}) {
  const params = useParams<{ orgId: string }>()
  const headingId = createUniqueId()
  const [newItem, setNewItem] = createSignal('')
  const [error, setError] = createSignal<string>()
  let panel: HTMLElement | undefined
  onMount(() => panel?.querySelector<HTMLElement>('input, textarea, button')?.focus())

  const patch = (p: CardPatch) => {
    try {
      setError(undefined)
      updateCard(props.doc, props.card.id, p)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  const ro = () => !props.canWrite

  return (
    <aside
      class="card-detail"
      role="dialog"
      aria-labelledby={headingId}
      ref={panel}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose()
      }}
    >
      <header class="card-detail__head">
        <h2 id={headingId}>{props.card.title}</h2>
        <button
          type="button"
          class="icon-button"
          aria-label={t('boards.close')}
          onClick={() => props.onClose()}
        >
          ×
        </button>
      </header>
      <Show when={error()}>
        <p class="field__error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="stack">
        <label class="field">
          {t('boards.cardTitle')}
          <input
            value={props.card.title}
            maxLength={200}
            readOnly={ro()}
            onChange={(e) => patch({ title: e.currentTarget.value.trim() })}
          />
        </label>
        <label class="field">
          {t('boards.description')}
          <textarea
            rows={4}
            readOnly={ro()}
            value={props.card.description}
            onChange={(e) => patch({ description: e.currentTarget.value })}
          />
        </label>
        <div class="card-detail__row">
          <label class="field">
            {t('boards.assignee')}
            <select
              disabled={ro()}
              value={props.card.assigneeId ?? ''}
              onChange={(e) => patch({ assigneeId: e.currentTarget.value || null })}
            >
              <option value="">{t('boards.nobody')}</option>
              <For each={props.people}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </label>
          <DatePicker
            label={t('boards.due')}
            readOnly={ro()}
            value={props.card.due ?? ''}
            onChange={(iso) => patch({ due: iso || null })}
          />
        </div>
        <label class="field">
          {t('boards.delegate')}
          <select
            disabled={ro()}
            value={props.card.delegatedOrgId ?? ''}
            onChange={(e) => patch({ delegatedOrgId: e.currentTarget.value || null })}
          >
            <option value="">{t('boards.notDelegated')}</option>
            <For each={props.partners}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
          <span class="field__hint">{t('boards.delegateHint')}</span>
        </label>
        <label class="field">
          {t('boards.labels')}
          <input
            readOnly={ro()}
            value={props.card.labels.join(', ')}
            onChange={(e) =>
              patch({
                labels: [
                  ...new Set(
                    e.currentTarget.value
                      .split(',')
                      .map((l) => l.trim().slice(0, 40))
                      .filter(Boolean),
                  ),
                ].slice(0, MAX_LABELS),
              })
            }
          />
          <span class="field__hint">{t('boards.labelsHint')}</span>
        </label>
        <label class="field">
          {t('boards.progress')}: {props.card.progress} %
          <input
            type="range"
            min="0"
            max="100"
            step="5"
            disabled={ro()}
            value={props.card.progress}
            onChange={(e) => patch({ progress: Number(e.currentTarget.value) })}
          />
        </label>
        <fieldset class="checklist">
          <legend>{t('boards.checklist')}</legend>
          <ul>
            <For each={props.card.checklist}>
              {(item) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      checked={item.done}
                      disabled={ro()}
                      onChange={(e) =>
                        setChecklistItem(props.doc, props.card.id, item.id, { done: e.currentTarget.checked })
                      }
                    />
                    {item.text}
                  </label>
                  <Show when={props.canWrite}>
                    <button
                      type="button"
                      class="icon-button"
                      aria-label={t('boards.removeItem', { item: item.text })}
                      onClick={() => {
                        const { doc, card } = props
                        removeChecklistItem(doc, card.id, item.id)
                        offerUndo(t('ui.confirm.removed', { name: `”${item.text}”` }), () =>
                          restoreChecklistItem(doc, card.id, item),
                        )
                      }}
                    >
                      ×
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.canWrite}>
            <form
              class="new-card"
              onSubmit={(e) => {
                e.preventDefault()
                if (!newItem().trim()) return
                addChecklistItem(props.doc, props.card.id, newItem())
                setNewItem('')
              }}
            >
              <input
                aria-label={t('boards.newItem')}
                placeholder={t('boards.newItem')}
                maxLength={500}
                value={newItem()}
                onInput={(e) => setNewItem(e.currentTarget.value)}
              />
              <button type="submit" class="button button--secondary">
                {t('boards.add')}
              </button>
            </form>
          </Show>
        </fieldset>
        <Show when={props.canWrite}>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              const { doc, card } = props
              patch({ archived: true })
              props.onClose()
              offerUndo(t('ui.confirm.archived', { name: `”${card.title}”` }), () =>
                updateCard(doc, card.id, { archived: false }),
              )
            }}
          >
            {t('boards.archiveCard')}
          </button>
        </Show>
        <AttachmentsSection
          orgId={params.orgId}
          kind="task"
          ownerId={props.card.id}
          title={t('attachments.cardTitle')}
        />
        <Comments cardId={props.card.id} canComment={props.canWrite} />
      </div>
    </aside>
  )
}

/** Comments on a card (also the contractor's, for a delegated card). Shown once the card is projected. */
export function Comments(props: { cardId: string; canComment: boolean }) {
  const comments = createAsync(() => getComments(props.cardId).catch(() => undefined))
  const [text, setText] = createSignal('')
  const sending = useMutation(postCommentAction, ([cardId]) => cardId === props.cardId)
  return (
    <section class="comments" aria-label={t('boards.comments')}>
      <h3>{t('boards.comments')}</h3>
      <Show when={comments()} fallback={<p class="muted">{t('boards.commentsLater')}</p>}>
        {(list) => (
          <ul>
            <For each={list()} fallback={<li class="muted">{t('boards.noComments')}</li>}>
              {(c) => (
                <li>
                  <strong>{c.authorName}</strong>
                  <Show when={c.authorOrg}> ({c.authorOrg})</Show> ·{' '}
                  <span class="muted">{formatDateTime(c.createdAt)}</span>
                  <p>{c.text}</p>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show when={props.canComment && comments()}>
        <form
          class="new-card"
          onSubmit={async (e) => {
            e.preventDefault()
            if (!text().trim()) return
            if (await sending.run(props.cardId, text().trim())) setText('')
          }}
        >
          <FormError message={sending.message()} />
          <input
            aria-label={t('boards.comment')}
            placeholder={t('boards.comment')}
            maxLength={4000}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit" class="button button--secondary" disabled={sending.pending()}>
            {t('boards.send')}
          </button>
        </form>
      </Show>
    </section>
  )
}
