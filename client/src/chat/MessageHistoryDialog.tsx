import { createEffect, createResource, createUniqueId, For, Match, Switch } from 'solid-js'
import type { MessageHistory } from '../../../schema/api/threads.ts'
import { ApiError, api } from '../api.ts'
import { language, t } from '../i18n/index.ts'

import { LOCALE } from '../i18n/plural.ts'

/**
 * Every version of one message (original, edits, deletion) for a moderator or an auditor, from
 * `GET /api/threads/:id/messages/:messageId/history`. A native modal <dialog>: focus moves in,
 * Escape and "Close" close it, and focus returns to the button that opened it.
 */
export function MessageHistoryDialog(props: { threadId: string; messageId: string; onClose: () => void }) {
  let dialog: HTMLDialogElement | undefined
  let closeButton: HTMLButtonElement | undefined
  const titleId = createUniqueId()
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
  const [history] = createResource(
    () => [props.threadId, props.messageId] as const,
    async ([threadId, messageId]) => {
      try {
        return await api.get<MessageHistory>(`/threads/${threadId}/messages/${messageId}/history`)
      } catch (error) {
        // Not projected yet (compaction runs a few seconds after a change): no versions to show.
        if (error instanceof ApiError && error.status === 404) return { messageId, versions: [] }
        throw error
      }
    },
  )
  createEffect(() => {
    if (dialog && !dialog.open) {
      dialog.showModal()
      closeButton?.focus()
    }
  })
  const close = () => {
    dialog?.close()
    props.onClose()
    opener?.focus()
  }
  const when = (iso: string) =>
    new Intl.DateTimeFormat(LOCALE[language()], { dateStyle: 'short', timeStyle: 'medium' }).format(
      new Date(iso),
    )

  return (
    <dialog
      ref={dialog}
      class="dialog message-history"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        close()
      }}
    >
      <h2 id={titleId}>{t('chat.historyTitle')}</h2>
      <p class="muted">{t('chat.historyIntro')}</p>
      <Switch>
        <Match when={history.error}>
          <p class="alert alert--error" role="alert">
            {t('chat.historyError')}
          </p>
        </Match>
        <Match when={history.loading}>
          <p class="muted">{t('app.loading')}</p>
        </Match>
        <Match when={history()?.versions.length === 0}>
          <p class="empty">{t('chat.historyEmpty')}</p>
        </Match>
        <Match when={history()}>
          {(h) => (
            <ol class="message-history__list">
              <For each={h().versions}>
                {(v, i) => (
                  <li class="message-history__item">
                    <p class="message-history__head">
                      <strong>
                        {v.deleted
                          ? t('chat.historyDeleted')
                          : i() === 0
                            ? t('chat.historyOriginal')
                            : t('chat.historyEdited')}
                      </strong>{' '}
                      <span class="muted">
                        {t('chat.historyBy', {
                          name: v.editedBy?.name || t('chat.someone'),
                          time: when(v.at),
                        })}
                      </span>
                    </p>
                    <p class="message-history__text">{v.text}</p>
                  </li>
                )}
              </For>
            </ol>
          )}
        </Match>
      </Switch>
      <div class="dialog__actions">
        <button type="button" class="button button--secondary" ref={closeButton} onClick={close}>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  )
}
