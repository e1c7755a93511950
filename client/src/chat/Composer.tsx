import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js'
import { MAX_MESSAGE_ATTACHMENTS, MAX_MESSAGE_LENGTH } from '../../../schema/docs/thread.ts'
import { type AttachmentJson, removeAttachment, uploadAttachment } from '../attachments/data.ts'
import { FilePicker } from '../attachments/FilePicker.tsx'
import { PendingFiles } from '../attachments/PendingFiles.tsx'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../ui/errors.ts'
import { insertMention, mentionMatches, mentionQuery, type Person } from './mentions.ts'

/** How long after the last keystroke others still see "is typing". */
const TYPING_IDLE_MS = 3_000

/**
 * The message box: Enter sends, Shift+Enter breaks the line; tells others while you type. Files
 * are uploaded to the thread as soon as they are chosen and sent as ids with the message.
 */
export function Composer(props: {
  channelTitle: string
  onSend: (text: string, attachments: string[]) => void
  onTyping: (typing: boolean) => void
  /** Where attachments go (the thread); without it there is no attach button. */
  attachTo?: { orgId: string; threadId: string }
  /** Names offered after "@" (the server decides who is notified). */
  people?: () => readonly Person[]
}) {
  const [text, setText] = createSignal('')
  const [files, setFiles] = createSignal<AttachmentJson[]>([])
  const [uploading, setUploading] = createSignal<string | null>(null)
  const [fileError, setFileError] = createSignal<string | null>(null)
  const id = createUniqueId()
  let typing = false
  let idle: ReturnType<typeof setTimeout> | undefined

  const setTyping = (next: boolean) => {
    clearTimeout(idle)
    if (next) idle = setTimeout(() => setTyping(false), TYPING_IDLE_MS)
    if (next === typing) return
    typing = next
    props.onTyping(next)
  }
  onCleanup(() => {
    clearTimeout(idle)
    if (typing) props.onTyping(false)
  })

  // "@Rii" before the caret opens a list of matching names; Enter or Tab puts the whole name in.
  let input: HTMLTextAreaElement | undefined
  const [mention, setMention] = createSignal<{ start: number; caret: number; matches: Person[] }>()
  const [active, setActive] = createSignal(0)
  const findMention = () => {
    if (!input || !props.people) return setMention(undefined)
    const caret = input.selectionStart
    const found = caret === input.selectionEnd ? mentionQuery(input.value, caret) : undefined
    const matches = found ? mentionMatches(props.people(), found.query) : []
    setActive(0)
    setMention(found && matches.length > 0 ? { start: found.start, caret, matches } : undefined)
  }
  const pickMention = (person: Person) => {
    const m = mention()
    if (!m || !input) return
    const next = insertMention(text(), m.start, m.caret, person.name)
    setText(next.text)
    input.value = next.text
    input.setSelectionRange(next.caret, next.caret)
    input.focus()
    setMention(undefined)
  }
  const optionId = (i: number) => `${id}-mention-${i}`

  const tooLong = () => text().length > MAX_MESSAGE_LENGTH
  const send = () => {
    const value = text().trim()
    const attached = files()
    if ((!value && attached.length === 0) || tooLong() || uploading()) return
    // A message always has text: a files-only message says which files it carries.
    const body =
      value ||
      attached
        .map((f) => f.name)
        .join(', ')
        .slice(0, MAX_MESSAGE_LENGTH)
    props.onSend(
      body,
      attached.map((f) => f.id),
    )
    setText('')
    setFiles([])
    setFileError(null)
    setTyping(false)
  }

  async function attach(chosen: File[]) {
    const to = props.attachTo
    if (!to) return
    setFileError(null)
    for (const file of chosen) {
      if (files().length >= MAX_MESSAGE_ATTACHMENTS) {
        setFileError(t('attachments.tooMany', { max: MAX_MESSAGE_ATTACHMENTS }))
        break
      }
      setUploading(file.name)
      try {
        const uploaded = await uploadAttachment(to.orgId, 'message', to.threadId, file)
        setFiles((f) => [...f, uploaded])
      } catch (error) {
        setFileError(t('attachments.failed', { name: file.name, reason: errorMessage(error) }))
      }
    }
    setUploading(null)
  }
  const unattach = (index: number) => {
    const file = files()[index]
    setFiles((f) => f.filter((_, i) => i !== index))
    if (file && props.attachTo) void removeAttachment(props.attachTo.orgId, file.id).catch(() => undefined)
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault()
        send()
      }}
    >
      <label for={id} class="visually-hidden">
        {t('chat.message')}
      </label>
      <textarea
        ref={input}
        id={id}
        aria-autocomplete={props.people ? 'list' : undefined}
        aria-controls={mention() ? `${id}-mentions` : undefined}
        aria-activedescendant={mention() ? optionId(active()) : undefined}
        class="composer__input"
        rows={2}
        placeholder={t('chat.placeholder')}
        aria-describedby={`${id}-hint`}
        aria-invalid={tooLong() ? 'true' : undefined}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value)
          setTyping(e.currentTarget.value.trim().length > 0)
          findMention()
        }}
        onClick={findMention}
        onBlur={() => {
          setTyping(false)
          setMention(undefined)
        }}
        onKeyDown={(e) => {
          const m = mention()
          if (m && !e.isComposing) {
            const n = m.matches.length
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault()
              setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n)
              return
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault()
              const person = m.matches[active()]
              if (person) pickMention(person)
              return
            }
            if (e.key === 'Escape') {
              e.preventDefault()
              setMention(undefined)
              return
            }
          }
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            send()
          }
        }}
      />
      <Show when={mention()}>
        {(m) => (
          <div
            class="composer__mentions"
            id={`${id}-mentions`}
            role="listbox"
            aria-label={t('chat.mentionList')}
          >
            <For each={m().matches}>
              {(person, i) => (
                <div
                  id={optionId(i())}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i() === active()}
                  // Before the textarea's blur closes the list.
                  onMouseDown={(e) => {
                    e.preventDefault()
                    pickMention(person)
                  }}
                >
                  {person.name}
                </div>
              )}
            </For>
          </div>
        )}
      </Show>
      <button
        type="submit"
        class="button composer__send"
        disabled={(!text().trim() && files().length === 0) || tooLong() || uploading() !== null}
      >
        {t('chat.send')}
      </button>
      <Show when={props.attachTo}>
        <div class="composer__files">
          <FilePicker fileLabel={t('attachments.attach')} disabled={uploading() !== null} onFiles={attach} />
          <PendingFiles
            label={t('attachments.inMessage')}
            names={files().map((f) => f.name)}
            onRemove={unattach}
          />
          <p class="muted composer__status" role="status" aria-live="polite">
            {uploading() ? t('attachments.uploading', { name: uploading() ?? '' }) : (fileError() ?? '')}
          </p>
        </div>
      </Show>
      <p class="field__hint composer__hint" id={`${id}-hint`}>
        <Show when={tooLong()} fallback={t('chat.composerHint')}>
          <span class="field__error">{t('chat.tooLong', { max: MAX_MESSAGE_LENGTH })}</span>
        </Show>
      </p>
    </form>
  )
}
