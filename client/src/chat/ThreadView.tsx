import { createAsync } from '@solidjs/router'
import { createEffect, createMemo, createSignal, createUniqueId, For, Show } from 'solid-js'
import * as Y from 'yjs'
import {
  type ReactionGroup,
  reactionsOf,
  readReactions,
  toggleReaction,
} from '../../../schema/docs/reactions.ts'
import {
  archiveBoundary,
  deleteMessage,
  editMessage,
  hideMessage,
  MAX_HIDDEN_REASON_LENGTH,
  messagesOf,
  metaOf,
  postMessage,
  readMessage,
  readThreadMeta,
  setThreadLocked,
  type ThreadMessage,
  unhideMessage,
} from '../../../schema/docs/thread.ts'
import { deniedMessage } from '../collab/denied.ts'
import { useDoc } from '../collab/docs.ts'
import { RefusalAlert } from '../collab/RefusalAlert.tsx'
import { createPeers, createYArray, createYMap } from '../collab/yjs.ts'
import { language, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Composer } from './Composer.tsx'
import { type Channel, getThreadPeople } from './data.ts'
import { dayLabel, findFirstUnread, layoutRows } from './layout.ts'
import { createLogScroll } from './logScroll.ts'
import { MessageItem } from './MessageItem.tsx'
import { Presence } from './Presence.tsx'
import { Reactions } from './Reactions.tsx'
import { createTimeline, setArchivedHidden } from './timeline.ts'

type Pending = { kind: 'delete'; message: ThreadMessage } | { kind: 'hide'; message: ThreadMessage }

/** One channel, live: messages, composer, presence and typing, moderation. */
export function ThreadView(props: {
  channel: Channel
  /** Names known by the embedding page (a case knows who takes part); the people API is skipped. */
  people?: ReadonlyArray<{ id: string; name: string }>
  /** Embedded in another page (a case): no audience tag, the heading is the page's. */
  embedded?: boolean
  /**
   * Others' messages I had not read, from the unread counts (undefined until they are known).
   * The first value seen places the "new messages" line; reading the thread then drops it to 0.
   */
  unread?: () => number | undefined
}) {
  const me = useMe()
  const handle = useDoc(props.channel.document)
  // Attachments live with the thread: its organisation is the first part of the document name.
  const attachTo = () => ({ orgId: props.channel.document.split('/')[0] ?? '', threadId: props.channel.id })
  const messages = createYArray(
    () => messagesOf(handle.doc()),
    (item) => (item instanceof Y.Map ? readMessage(item) : undefined),
  )
  // Live messages on their way to the archive change no more (the guard refuses): no actions.
  const frozen = createMemo(() => {
    const boundary = archiveBoundary(messages.length)
    return new Set(boundary > 0 ? messages.slice(0, boundary).map((m) => m.id) : [])
  })
  const meta = createYMap(
    () => metaOf(handle.doc()),
    () => readThreadMeta(handle.doc()),
    { locked: false, lockedBy: null },
  )
  // Reactions by message id, live from the document's reactions map (schema/docs/reactions.ts).
  const reactions = createYMap(
    () => reactionsOf(handle.doc()),
    (map) => ({ byMessage: Object.fromEntries(readReactions(map)) }),
    { byMessage: {} as Record<string, ReactionGroup[]> },
  )
  const peers = createPeers(() => handle.provider().awareness)
  const people = createAsync(async () =>
    props.people ? [...props.people] : getThreadPeople(props.channel.id).catch(() => []),
  )

  const myId = () => me().user.id
  const canWrite = () => props.channel.abilities.write && !handle.readOnly()
  const moderator = () => props.channel.abilities.moderate && canWrite()
  const mayPost = () => canWrite() && (!meta.locked || moderator())

  // Names: the people API (authors so far), everyone seen live this visit, and me.
  const seen = new Map<string, string>()
  const nameOf = createMemo(() => {
    for (const p of people() ?? []) seen.set(p.id, p.name)
    for (const p of peers()) if (p.user.name) seen.set(p.user.id, p.user.name)
    const names = new Map(seen)
    names.set(myId(), me().user.name)
    return (id: string) => names.get(id) ?? t('chat.someone')
  })

  // Everyone named so far but me: offered after "@" in the composer.
  const mentionable = () => {
    nameOf()
    return [...seen].filter(([id]) => id !== myId()).map(([id, name]) => ({ id, name }))
  }

  const [pending, setPending] = createSignal<Pending>()
  const [reason, setReason] = createSignal('')
  const reasonId = createUniqueId()
  const listLabelId = createUniqueId()

  const doc = () => handle.doc()

  const [archiveError, setArchiveError] = createSignal(false)
  function confirmPending() {
    const p = pending()
    if (!p) return
    if (p.kind === 'delete') deleteMessage(doc(), p.message.id)
    if (p.kind === 'hide' && timeline.isArchived(p.message.id))
      void moderateArchived(p.message, { hidden: true, reason: reason().trim() })
    else if (p.kind === 'hide') hideMessage(doc(), p.message.id, myId(), reason().trim())
    setPending(undefined)
    setReason('')
  }

  // An archived message has left the document: moderators hide and unhide it over HTTP.
  async function moderateArchived(
    message: ThreadMessage,
    change: { hidden: true; reason: string } | { hidden: false },
  ) {
    setArchiveError(false)
    try {
      timeline.updateArchived(await setArchivedHidden(props.channel.id, message.id, change))
    } catch {
      setArchiveError(true)
    }
  }

  // The live document's messages after the archived ones fetched so far, windowed from the
  // newest (timeline.ts).
  const timeline = createTimeline(() => props.channel.id, messages)

  // Where the reader stopped: placed once, when both the count and the messages are here, and
  // kept while the thread is open (new messages arriving now are seen as they come).
  const [unreadAtOpen, setUnreadAtOpen] = createSignal<number>()
  createEffect(() => {
    if (unreadAtOpen() === undefined) setUnreadAtOpen(props.unread?.())
  })
  const [firstUnread, setFirstUnread] = createSignal<string>()
  let unreadPlaced = false
  createEffect(() => {
    const count = unreadAtOpen()
    if (unreadPlaced || count === undefined || !handle.synced()) return
    unreadPlaced = true
    setFirstUnread(findFirstUnread(timeline.messages(), myId(), count))
    requestAnimationFrame(scroll.checkUnreadAbove)
  })
  const rows = createMemo(() => layoutRows(timeline.messages(), firstUnread()))
  const dayText = (epochMs: number) => {
    const day = dayLabel(epochMs, language())
    return day.kind === 'date' ? day.text : t(day.kind === 'today' ? 'chat.today' : 'chat.yesterday')
  }

  // Where the log stands: pinned to the newest message, the earlier ones and the unread line.
  const scroll = createLogScroll(timeline, () => messages.length)

  return (
    <div class="thread">
      <header class="thread__header">
        <div class="thread__title">
          <h2 id={listLabelId}>{props.channel.title}</h2>
          <Show when={!props.embedded}>
            <span class="tag">{t(`chat.audience.${props.channel.audience}`)}</span>
          </Show>
          <Show when={meta.locked}>
            <span class="tag tag--warn">{t('chat.locked')}</span>
          </Show>
        </div>
        <Show when={moderator()}>
          <button
            type="button"
            class="button button--small button--secondary"
            aria-pressed={meta.locked}
            onClick={() => setThreadLocked(doc(), !meta.locked, myId())}
          >
            {meta.locked ? t('chat.unlock') : t('chat.lock')}
          </button>
        </Show>
      </header>

      <Presence peers={peers()} myId={myId()} />

      <RefusalAlert handle={handle} />
      <Show when={handle.denied()}>
        <Alert kind="error">{deniedMessage(handle.denied(), 'chat.denied')}</Alert>
      </Show>
      <Show when={meta.locked}>
        <p class="alert alert--info thread__banner">{t('chat.lockedBanner')}</p>
      </Show>
      <Show when={!handle.denied() && !canWrite()}>
        <p class="alert alert--info thread__banner">{t('chat.readOnly')}</p>
      </Show>

      <div class="thread__logwrap">
        <Show when={scroll.unreadAbove()}>
          <button type="button" class="button button--small thread__jump" onClick={scroll.jumpToUnread}>
            <span aria-hidden="true">↑</span> {t('chat.jumpToUnread')}
          </button>
        </Show>
        <div
          class="thread__log"
          role="log"
          aria-labelledby={listLabelId}
          tabindex="0"
          ref={scroll.setLog}
          onScroll={scroll.onScroll}
        >
          <Show
            when={handle.synced() || messages.length > 0}
            fallback={<p class="muted">{t('chat.connecting')}</p>}
          >
            <Show when={messages.length > 0} fallback={<p class="empty">{t('chat.empty')}</p>}>
              <Show when={timeline.hasEarlier()}>
                <button
                  type="button"
                  class="button button--small button--secondary thread__earlier"
                  ref={scroll.setEarlier}
                  aria-busy={timeline.loading()}
                  onClick={() => void scroll.showEarlier()}
                >
                  {timeline.loading()
                    ? t('chat.loadingEarlier')
                    : timeline.hiddenLive() > 0
                      ? t('chat.showEarlier', { count: String(timeline.hiddenLive()) })
                      : t('chat.showEarlierArchive')}
                </button>
              </Show>
              <Show when={archiveError()}>
                <p class="alert alert--error thread__banner" role="alert">
                  {t('chat.archiveModerationFailed')}
                </p>
              </Show>
              <Show when={timeline.failed()}>
                <p class="alert alert--error thread__banner" role="alert">
                  {t('chat.earlierFailed')}
                </p>
              </Show>
              <ol class="messages">
                <For each={timeline.messages()}>
                  {(message) => (
                    <>
                      <Show when={rows().get(message.id)?.newDay}>
                        <li class="messages__day">
                          <span>{dayText(message.createdAt)}</span>
                        </li>
                      </Show>
                      <Show when={rows().get(message.id)?.firstUnread}>
                        <li class="messages__unread">
                          <span>{t('chat.newMessages')}</span>
                        </li>
                      </Show>
                      <MessageItem
                        message={message}
                        authorName={nameOf()(message.authorId)}
                        own={message.authorId === myId()}
                        continued={rows().get(message.id)?.continued === true}
                        // Archived messages left the document: nothing there to edit; moderators
                        // hide and unhide them over HTTP.
                        canEdit={mayPost() && !timeline.isArchived(message.id) && !frozen().has(message.id)}
                        moderator={moderator() && !frozen().has(message.id)}
                        history={props.channel.abilities.history ? { threadId: props.channel.id } : undefined}
                        attachmentsOf={attachTo()}
                        reactions={
                          <Reactions
                            groups={reactions.byMessage[message.id] ?? []}
                            myId={myId()}
                            nameOf={nameOf()}
                            canReact={
                              mayPost() &&
                              !message.deleted &&
                              !message.hidden &&
                              !timeline.isArchived(message.id) &&
                              !frozen().has(message.id)
                            }
                            onToggle={(reaction) =>
                              toggleReaction(doc(), { messageId: message.id, reaction, userId: myId() })
                            }
                          />
                        }
                        onEdit={(text) => editMessage(doc(), message.id, text)}
                        onDelete={() => setPending({ kind: 'delete', message })}
                        onHide={() => setPending({ kind: 'hide', message })}
                        onUnhide={() =>
                          timeline.isArchived(message.id)
                            ? void moderateArchived(message, { hidden: false })
                            : unhideMessage(doc(), message.id, myId())
                        }
                      />
                    </>
                  )}
                </For>
              </ol>
            </Show>
          </Show>
        </div>
      </div>

      <TypingLine
        names={peers()
          .filter((p) => p.state.typing === true && p.user.id !== myId())
          .map((p) => nameOf()(p.user.id))}
      />

      <Show when={mayPost() && !handle.denied()}>
        <Composer
          channelTitle={props.channel.title}
          attachTo={attachTo()}
          people={mentionable}
          onSend={(text, attachments) => {
            scroll.followNewest()
            postMessage(doc(), { id: newId(), authorId: myId(), text, attachments })
          }}
          onTyping={(typing) =>
            handle.provider().awareness && handle.provider().setAwarenessField('typing', typing)
          }
        />
      </Show>

      <ConfirmDialog
        open={pending()?.kind === 'delete'}
        title={t('chat.deleteTitle')}
        message={t('chat.deleteConfirm')}
        confirmLabel={t('chat.delete')}
        danger
        onConfirm={confirmPending}
        onCancel={() => setPending(undefined)}
      />
      <ConfirmDialog
        open={pending()?.kind === 'hide'}
        title={t('chat.hideTitle')}
        confirmLabel={t('chat.hide')}
        danger
        onConfirm={confirmPending}
        onCancel={() => {
          setPending(undefined)
          setReason('')
        }}
      >
        <div class="field">
          <label for={reasonId}>{t('chat.hideReason')}</label>
          <input
            id={reasonId}
            required
            minLength={3}
            maxLength={MAX_HIDDEN_REASON_LENGTH}
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
      </ConfirmDialog>
    </div>
  )
}

function TypingLine(props: { names: string[] }) {
  const unique = () => [...new Set(props.names)]
  return (
    <p class="thread__typing" aria-live="polite">
      <Show when={unique().length > 0}>
        {unique().length === 1
          ? t('chat.typingOne', { name: unique()[0]! })
          : t('chat.typingMany', { names: unique().join(', ') })}
      </Show>
    </p>
  )
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts. */
function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
