import { A, createAsync, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import {
  addCard,
  addColumn,
  archiveColumn,
  type BoardCard,
  moveCard,
  renameColumn,
} from '../../../schema/docs/board.ts'
import { initials } from '../chat/Presence.tsx'
import { deniedMessage } from '../collab/denied.ts'
import { useDoc } from '../collab/docs.ts'
import { RefusalAlert } from '../collab/RefusalAlert.tsx'
import { createPeers } from '../collab/yjs.ts'
import { formatDate, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { offerUndo } from '../ui/confirm.tsx'
import { Loading, Page } from '../ui/Page.tsx'
import { CardDetail } from './CardDetail.tsx'
import { type BoardSummary, getBoard, getBoardPeople } from './data.ts'
import { createLiveBoard } from './liveBoard.ts'

/** /org/:orgId/boards/:boardId */
export function BoardPage() {
  const params = useParams<{ orgId: string; boardId: string }>()
  const board = createAsync(() => getBoard(params.boardId))
  return (
    <Show when={board()} keyed fallback={<Loading />}>
      {(b) => <BoardView board={b} orgId={params.orgId} />}
    </Show>
  )
}

const CARD_MIME = 'application/x-kotipiha-card'

function BoardView(props: { board: BoardSummary; orgId: string }) {
  const me = useMe()
  const handle = useDoc(props.board.document)
  const doc = () => handle.doc()
  const view = createLiveBoard(doc)
  const peers = createPeers(() => handle.provider().awareness)
  const people = createAsync(() => getBoardPeople(props.board.id).catch(() => ({ people: [], partners: [] })))
  const canWrite = () => props.board.abilities.write && !handle.readOnly()
  const [openCard, setOpenCard] = createSignal<string>()
  const [announce, setAnnounce] = createSignal('')
  const [newColumn, setNewColumn] = createSignal('')

  // Tell the others which card I am looking at (shown as avatars on that card).
  const look = (cardId: string | undefined) => {
    setOpenCard(cardId)
    handle.provider().awareness?.setLocalStateField('card', cardId ?? null)
  }
  const watchers = (cardId: string) => {
    const byId = new Map<string, string>()
    for (const p of peers())
      if (p.state.card === cardId && p.user.id !== me().user.id) byId.set(p.user.id, p.user.name)
    return [...byId.values()]
  }
  const everyone = createMemo(() => {
    const byId = new Map<string, string>()
    for (const p of peers()) if (p.user.id !== me().user.id) byId.set(p.user.id, p.user.name)
    return [...byId.values()]
  })
  const nameOf = (id: string | null) => people()?.people.find((p) => p.id === id)?.name
  const partnerOf = (id: string | null) => people()?.partners.find((p) => p.id === id)?.name

  function move(card: BoardCard, columnIndex: number, index: number) {
    const column = view.columns[columnIndex]
    if (!column || !canWrite()) return
    moveCard(doc(), card.id, column.id, index)
    setAnnounce(t('boards.moved', { card: card.title, column: column.title, position: index + 1 }))
    queueMicrotask(() => document.getElementById(`card-${card.id}`)?.focus())
  }

  function dropIndex(list: HTMLElement, y: number): number {
    const cards = [...list.querySelectorAll<HTMLElement>('[data-card]')]
    const i = cards.findIndex((el) => {
      const r = el.getBoundingClientRect()
      return y < r.top + r.height / 2
    })
    return i === -1 ? cards.length : i
  }

  const selected = () => {
    const id = openCard()
    for (const c of view.columns) for (const card of c.cards) if (card.id === id) return card
    return undefined
  }

  return (
    <Page title={props.board.title} wide>
      <p class="board-head">
        <A href={`/org/${props.orgId}/boards`}>← {t('boards.all')}</A>
        <span class="muted">{t(`boards.visibility.${props.board.visibility}`)}</span>
        <Show when={everyone().length > 0}>
          <span class="visually-hidden">{t('boards.hereNow')}:</span>
          <ul class="board-presence">
            <For each={everyone()}>
              {(name) => (
                <li class="avatar avatar--small" title={name}>
                  <span aria-hidden="true">{initials(name)}</span>
                  <span class="visually-hidden">{name}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </p>
      <RefusalAlert handle={handle} />
      <Show when={handle.denied()}>
        <Alert kind="error">{deniedMessage(handle.denied(), 'boards.denied')}</Alert>
      </Show>
      <Show when={handle.synced() && !canWrite()}>
        <Alert kind="info">{t('boards.readOnly')}</Alert>
      </Show>
      <p class="visually-hidden" aria-live="polite">
        {announce()}
      </p>
      <Show when={handle.synced()} fallback={<Loading />}>
        {/* Above the columns, not as a last column: there it was cut off by the board's sideways
            scroll at 1280 px (issue 20), and found only by scrolling. */}
        <Show when={canWrite()}>
          <form
            class="board-new-column"
            onSubmit={(e) => {
              e.preventDefault()
              if (!newColumn().trim()) return
              addColumn(doc(), { title: newColumn() })
              setNewColumn('')
            }}
          >
            <label>
              {t('boards.newColumn')}
              <input
                value={newColumn()}
                maxLength={200}
                onInput={(e) => setNewColumn(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="button button--secondary">
              {t('boards.addColumn')}
            </button>
          </form>
        </Show>
        <div class="board">
          <For each={view.columns}>
            {(column, ci) => (
              <section class="board-column" aria-labelledby={`col-${column.id}`}>
                <header class="board-column__head">
                  <Show when={canWrite()} fallback={<h2 id={`col-${column.id}`}>{column.title}</h2>}>
                    <h2 id={`col-${column.id}`} class="visually-hidden">
                      {column.title}
                    </h2>
                    <input
                      class="board-column__title"
                      aria-label={t('boards.columnTitle')}
                      value={column.title}
                      maxLength={200}
                      onChange={(e) => {
                        const v = e.currentTarget.value.trim()
                        if (v) renameColumn(doc(), column.id, v)
                      }}
                    />
                    <Show when={column.cards.length === 0 && view.columns.length > 1}>
                      <button
                        type="button"
                        class="icon-button"
                        aria-label={t('boards.archiveColumn', { column: column.title })}
                        onClick={() => {
                          const board = doc()
                          archiveColumn(board, column.id)
                          offerUndo(t('ui.confirm.removed', { name: `”${column.title}”` }), () =>
                            archiveColumn(board, column.id, false),
                          )
                        }}
                      >
                        ×
                      </button>
                    </Show>
                  </Show>
                  <span class="muted">{column.cards.length}</span>
                </header>
                <ol
                  class="board-column__cards"
                  onDragOver={(e) => {
                    if (canWrite() && e.dataTransfer?.types.includes(CARD_MIME)) e.preventDefault()
                  }}
                  onDrop={(e) => {
                    const id = e.dataTransfer?.getData(CARD_MIME)
                    if (!id) return
                    e.preventDefault()
                    const card = view.columns.flatMap((c) => c.cards).find((c) => c.id === id)
                    if (card) move(card, ci(), dropIndex(e.currentTarget, e.clientY))
                  }}
                >
                  <For each={column.cards}>
                    {(card, i) => (
                      <li
                        class="board-card"
                        classList={{ 'board-card--open': openCard() === card.id }}
                        data-card={card.id}
                        draggable={canWrite()}
                        onDragStart={(e) => {
                          e.dataTransfer?.setData(CARD_MIME, card.id)
                          e.dataTransfer?.setData('text/plain', card.title)
                        }}
                      >
                        <button
                          type="button"
                          id={`card-${card.id}`}
                          class="board-card__open"
                          onClick={() => look(card.id)}
                          aria-haspopup="dialog"
                        >
                          <span class="board-card__title">{card.title}</span>
                          <span class="board-card__meta">
                            <Show when={card.due}>
                              <span>{t('boards.dueOn', { date: formatDate(card.due!) })}</span>
                            </Show>
                            <Show when={card.checklist.length > 0}>
                              <span>
                                ✓ {card.checklist.filter((x) => x.done).length}/{card.checklist.length}
                              </span>
                            </Show>
                            <Show when={card.progress > 0}>
                              <span>{card.progress} %</span>
                            </Show>
                            <Show when={nameOf(card.assigneeId)}>
                              <span>{nameOf(card.assigneeId)}</span>
                            </Show>
                            <Show when={partnerOf(card.delegatedOrgId)}>
                              <span>→ {partnerOf(card.delegatedOrgId)}</span>
                            </Show>
                          </span>
                          <Show when={card.labels.length > 0}>
                            <span class="board-card__labels">
                              <For each={card.labels}>{(l) => <span class="label">{l}</span>}</For>
                            </span>
                          </Show>
                        </button>
                        <Show when={watchers(card.id).length > 0}>
                          <span class="board-card__watchers">
                            <For each={watchers(card.id)}>
                              {(name) => (
                                <span class="avatar avatar--small" title={t('boards.looking', { name })}>
                                  {initials(name)}
                                </span>
                              )}
                            </For>
                          </span>
                        </Show>
                        <Show when={canWrite()}>
                          <fieldset class="board-card__moves">
                            <legend class="visually-hidden">
                              {t('boards.moveCard', { card: card.title })}
                            </legend>
                            <div class="board-card__moves-row">
                              <button
                                type="button"
                                disabled={ci() === 0}
                                aria-label={t('boards.moveLeft')}
                                onClick={() =>
                                  move(card, ci() - 1, view.columns[ci() - 1]?.cards.length ?? 0)
                                }
                              >
                                ←
                              </button>
                              <button
                                type="button"
                                disabled={i() === 0}
                                aria-label={t('boards.moveUp')}
                                onClick={() => move(card, ci(), i() - 1)}
                              >
                                ↑
                              </button>
                              <button
                                type="button"
                                disabled={i() === column.cards.length - 1}
                                aria-label={t('boards.moveDown')}
                                onClick={() => move(card, ci(), i() + 1)}
                              >
                                ↓
                              </button>
                              <button
                                type="button"
                                disabled={ci() === view.columns.length - 1}
                                aria-label={t('boards.moveRight')}
                                onClick={() =>
                                  move(card, ci() + 1, view.columns[ci() + 1]?.cards.length ?? 0)
                                }
                              >
                                →
                              </button>
                            </div>
                          </fieldset>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
                <Show when={canWrite()}>
                  <NewCardForm
                    onAdd={(title) => addCard(doc(), { title, columnId: column.id, createdBy: me().user.id })}
                  />
                </Show>
              </section>
            )}
          </For>
        </div>
      </Show>
      <Show when={selected()} keyed>
        {(card) => (
          <CardDetail
            card={card}
            doc={doc()}
            canWrite={canWrite()}
            people={people()?.people ?? []}
            partners={people()?.partners ?? []}
            onClose={() => {
              const id = card.id
              look(undefined)
              queueMicrotask(() => document.getElementById(`card-${id}`)?.focus())
            }}
          />
        )}
      </Show>
    </Page>
  )
}

function NewCardForm(props: { onAdd: (title: string) => void }) {
  const [title, setTitle] = createSignal('')
  return (
    <form
      class="new-card"
      onSubmit={(e) => {
        e.preventDefault()
        const v = title().trim()
        if (!v) return
        props.onAdd(v)
        setTitle('')
      }}
    >
      <input
        aria-label={t('boards.newCard')}
        placeholder={t('boards.newCard')}
        value={title()}
        maxLength={200}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <button type="submit" class="button button--secondary" aria-label={t('boards.addCard')}>
        +
      </button>
    </form>
  )
}
