import { createSignal, createUniqueId, onCleanup, Show } from 'solid-js'
import { MAX_MESSAGE_LENGTH } from '../../../schema/docs/thread.ts'
import { t } from '../i18n/index.ts'

/** How long after the last keystroke others still see "is typing". */
const TYPING_IDLE_MS = 3_000

/** The message box: Enter sends, Shift+Enter breaks the line; tells others while you type. */
export function Composer(props: {
  channelTitle: string
  onSend: (text: string) => void
  onTyping: (typing: boolean) => void
}) {
  const [text, setText] = createSignal('')
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
    if (!value || tooLong()) return
    props.onSend(value)
    setText('')
    setTyping(false)
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
      <button type="submit" class="button composer__send" disabled={!text().trim() || tooLong()}>
        {t('chat.send')}
      </button>
      <p class="field__hint composer__hint" id={`${id}-hint`}>
        <Show when={tooLong()} fallback={t('chat.composerHint')}>
          <span class="field__error">{t('chat.tooLong', { max: MAX_MESSAGE_LENGTH })}</span>
        </Show>
      </p>
    </form>
  )
}
