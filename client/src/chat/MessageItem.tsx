import { createSignal, createUniqueId, type JSX, Match, Show, Switch } from 'solid-js'
import { MAX_MESSAGE_LENGTH, type ThreadMessage } from '../../../schema/docs/thread.ts'
import { MessageAttachments } from '../attachments/MessageAttachments.tsx'
import { language, t } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import { createHiddenText } from './hiddenText.ts'
import { MessageHistoryDialog } from './MessageHistoryDialog.tsx'
import { initials } from './Presence.tsx'

// One formatter per language and style: building an Intl.DateTimeFormat is far costlier than
// using one, and a thread renders a hundred times at once.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(lang: keyof typeof LOCALE, today: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${today}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], {
      ...(today ? {} : { day: 'numeric', month: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(key, f)
  }
  return f
}

function formatTime(epochMs: number): string {
  const date = new Date(epochMs)
  const today = new Date().toDateString() === date.toDateString()
  return formatter(language(), today).format(date)
}

/** One message: author, time, "edited"; the author edits or deletes it, a moderator hides it. */
export function MessageItem(props: {
  message: ThreadMessage
  authorName: string
  own: boolean
  /**
   * Follows a message of the same author a moment earlier (layout.ts): the name and avatar are
   * not shown again; the name stays for screen readers, it names the message.
   */
  continued?: boolean
  /** Whether the user may write in the thread now (not read-only, not locked for them). */
  canEdit: boolean
  moderator: boolean
  /** Moderators and auditors read every version of the message (its thread's id names it). */
  history?: { threadId: string } | undefined
  /** The thread whose files the message's attachment ids name. */
  attachmentsOf?: { orgId: string; threadId: string }
  /** The reactions row under the message (Reactions.tsx), when the thread shows reactions. */
  reactions?: JSX.Element
  onEdit: (text: string) => void
  onDelete: () => void
  onHide: () => void
  onUnhide: () => void
}) {
  const [editing, setEditing] = createSignal(false)
  const [draft, setDraft] = createSignal('')
  const [showHistory, setShowHistory] = createSignal(false)
  const editId = createUniqueId()
  const headId = createUniqueId()
  let editButton: HTMLButtonElement | undefined
  let textarea: HTMLTextAreaElement | undefined

  const m = () => props.message
  const mine = () => props.own && props.canEdit && !m().deleted
  const showText = () => !m().deleted && (!m().hidden || props.moderator)
  // A live hidden message has no text in the document: a moderator reads it from the history.
  const hiddenText = createHiddenText(() =>
    m().hidden && !m().deleted && props.moderator && props.history && m().text === ''
      ? { threadId: props.history.threadId, messageId: m().id }
      : undefined,
  )
  const text = () => (m().hidden && m().text === '' ? (hiddenText() ?? '') : m().text)

  const startEdit = () => {
    setDraft(m().text)
    setEditing(true)
    textarea?.focus()
    queueMicrotask(() => textarea?.focus())
  }
  const stopEdit = () => {
    setEditing(false)
    queueMicrotask(() => editButton?.focus())
  }
  const save = () => {
    const text = draft().trim()
    if (!text || text.length > MAX_MESSAGE_LENGTH) return
    if (text !== m().text) props.onEdit(text)
    stopEdit()
  }

  return (
    <li
      class="message"
      classList={{
        'message--own': props.own,
        'message--muted': m().deleted || m().hidden,
        'message--continued': props.continued === true,
      }}
      aria-labelledby={headId}
      data-message-id={m().id}
    >
      <span class="avatar message__avatar" aria-hidden="true">
        {props.continued ? '' : initials(props.authorName)}
      </span>
      <div class="message__body">
        <p class="message__head" id={headId}>
          <span class="message__author" classList={{ 'visually-hidden': props.continued === true }}>
            {props.own ? t('chat.you') : props.authorName}
          </span>
          <time class="message__time" datetime={new Date(m().createdAt).toISOString()}>
            {formatTime(m().createdAt)}
          </time>
          <Show when={m().editedAt !== null && !m().deleted}>
            <span class="message__edited">({t('chat.edited')})</span>
          </Show>
        </p>
        <Switch>
          <Match when={m().deleted}>
            <p class="message__gone">{t('chat.deleted')}</p>
          </Match>
          <Match when={m().hidden && !props.moderator}>
            <p class="message__gone">
              {m().hiddenReason
                ? t('chat.hiddenNotice', { reason: m().hiddenReason! })
                : t('chat.hiddenNoReason')}
            </p>
          </Match>
          <Match when={editing()}>
            <form
              class="message__edit"
              onSubmit={(e) => {
                e.preventDefault()
                save()
              }}
            >
              <label for={editId} class="visually-hidden">
                {t('chat.editLabel')}
              </label>
              <textarea
                id={editId}
                ref={textarea}
                rows={2}
                value={draft()}
                maxLength={MAX_MESSAGE_LENGTH}
                onInput={(e) => setDraft(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.preventDefault()
                    stopEdit()
                  }
                  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                    e.preventDefault()
                    save()
                  }
                }}
              />
              <div class="message__actions">
                <button type="submit" class="button button--small" disabled={!draft().trim()}>
                  {t('chat.saveEdit')}
                </button>
                <button type="button" class="button button--small button--secondary" onClick={stopEdit}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          </Match>
        </Switch>
        <Show when={showText() && !editing()}>
          <p class="message__text">{text()}</p>
          <Show
            when={props.attachmentsOf && m().attachments.length > 0 ? props.attachmentsOf : undefined}
            keyed
          >
            {(of) => (
              <MessageAttachments
                orgId={of.orgId}
                threadId={of.threadId}
                authorId={m().authorId}
                ids={m().attachments}
              />
            )}
          </Show>
          <Show when={m().hidden}>
            <p class="message__note">{t('chat.hiddenForModerator', { reason: m().hiddenReason ?? '' })}</p>
          </Show>
        </Show>
        <Show when={!editing()}>{props.reactions}</Show>
        <Show when={!editing() && (mine() || (props.moderator && !m().deleted) || props.history)}>
          <div class="message__actions">
            <Show when={mine()}>
              <button type="button" class="linklike" ref={editButton} onClick={startEdit}>
                {t('chat.edit')}
              </button>
              <button type="button" class="linklike linklike--danger" onClick={() => props.onDelete()}>
                {t('chat.delete')}
              </button>
            </Show>
            <Show when={props.moderator && !m().deleted}>
              <Show
                when={m().hidden}
                fallback={
                  <button type="button" class="linklike" onClick={() => props.onHide()}>
                    {t('chat.hide')}
                  </button>
                }
              >
                <button type="button" class="linklike" onClick={() => props.onUnhide()}>
                  {t('chat.unhide')}
                </button>
              </Show>
            </Show>
            <Show when={props.history}>
              <button
                type="button"
                class="linklike"
                aria-haspopup="dialog"
                onClick={() => setShowHistory(true)}
              >
                {t('chat.history')}
              </button>
            </Show>
          </div>
        </Show>
        <Show when={showHistory() && props.history} keyed>
          {(h) => (
            <MessageHistoryDialog
              threadId={h.threadId}
              messageId={m().id}
              onClose={() => setShowHistory(false)}
            />
          )}
        </Show>
      </div>
    </li>
  )
}
