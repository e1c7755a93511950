import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { ApiError } from '../api.ts'
import { ACCEPT, fileProblem, uploadLimitMb } from '../attachments/fileCheck.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../ui/errors.ts'

interface Notice {
  kind: 'success' | 'error'
  text: string
}

/**
 * Drag and drop or a labelled file input; files go one after another with a progress bar.
 * Too large or of a kind the server refuses is caught before sending (attachments/fileCheck.ts);
 * a type the server refuses after all (it decides from the bytes) and every other failure get
 * their own message naming the file.
 */
export function UploadZone(props: {
  label: string
  hint?: string
  multiple?: boolean
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<unknown>
  uploadedText: (file: File, result: unknown) => string
  onUploaded: () => void
}) {
  const inputId = createUniqueId()
  const hintId = `${inputId}-hint`
  const [current, setCurrent] = createSignal<{ name: string; fraction: number }>()
  const [notices, setNotices] = createSignal<Notice[]>([])
  const [over, setOver] = createSignal(false)
  let input: HTMLInputElement | undefined

  async function send(files: File[]) {
    if (current()) return
    const out: Notice[] = []
    let any = false
    for (const file of files) {
      const problem = fileProblem(file)
      if (problem) {
        const text =
          problem === 'too_large'
            ? t('documents.tooLarge', { name: file.name, mb: uploadLimitMb() })
            : t('documents.refusedType', { name: file.name })
        out.push({ kind: 'error', text })
        continue
      }
      setCurrent({ name: file.name, fraction: 0 })
      try {
        const result = await props.upload(file, (fraction) => setCurrent({ name: file.name, fraction }))
        out.push({ kind: 'success', text: props.uploadedText(file, result) })
        any = true
      } catch (error) {
        out.push({ kind: 'error', text: failureText(file.name, error) })
      }
    }
    setCurrent(undefined)
    setNotices(out)
    if (input) input.value = ''
    if (any) props.onUploaded()
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the labelled file input inside does the same from the keyboard
    <div
      class="upload-zone"
      classList={{ 'is-over': over() }}
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        const files = [...(e.dataTransfer?.files ?? [])]
        void send(props.multiple ? files : files.slice(0, 1))
      }}
    >
      <p class="upload-zone__drop" aria-hidden="true">
        {t('documents.dropHere')}
      </p>
      <label for={inputId} class="upload-zone__label">
        {props.label}
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept={ACCEPT}
        multiple={props.multiple}
        aria-describedby={hintId}
        disabled={current() !== undefined}
        onChange={(e) => void send([...(e.currentTarget.files ?? [])])}
      />
      <p class="field__hint" id={hintId}>
        {props.hint ?? t('documents.uploadHint', { mb: uploadLimitMb() })}
      </p>
      <Show when={current()}>
        {(c) => (
          <div class="upload-zone__progress" role="status">
            <span>{t('documents.uploading', { name: c().name })}</span>
            <progress
              max="1"
              value={c().fraction}
              aria-label={t('documents.uploading', { name: c().name })}
            />
          </div>
        )}
      </Show>
      <For each={notices()}>
        {(n) => (
          <p class={`alert alert--${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            {n.text}
          </p>
        )}
      </For>
    </div>
  )
}

function failureText(name: string, error: unknown): string {
  if (error instanceof ApiError && error.code === 'payload_too_large')
    return t('documents.tooLarge', { name, mb: uploadLimitMb() })
  if (error instanceof ApiError && error.code === 'unsupported_media_type') {
    return t('documents.refusedType', { name })
  }
  return t('documents.uploadFailed', { name, reason: errorMessage(error) })
}
