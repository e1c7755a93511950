import { createSignal, createUniqueId, onCleanup, Show } from 'solid-js'
import { MAX_MESSAGE_ATTACHMENTS, MAX_MESSAGE_LENGTH } from '../../../schema/docs/thread.ts'
import { type AttachmentJson, removeAttachment, uploadAttachment } from '../attachments/data.ts'
import { FilePicker } from '../attachments/FilePicker.tsx'
import { PendingFiles } from '../attachments/PendingFiles.tsx'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../ui/errors.ts'

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
        id={id}
        class="composer__input"
        rows={2}
        placeholder={t('chat.placeholder')}
        aria-describedby={`${id}-hint`}
        aria-invalid={tooLong() ? 'true' : undefined}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value)
          setTyping(e.currentTarget.value.trim().length > 0)
        }}
        onBlur={() => setTyping(false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            send()
          }
        }}
      />
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
