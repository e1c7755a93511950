import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { ACCEPT, fileProblem, fileProblemText, uploadLimitMb } from './fileCheck.ts'

/**
 * "Take a photo" (the phone opens its camera: `capture="environment"`) and "Add a file". Each is
 * a real file input, visually hidden but in the tab order, with its label drawn as a button:
 * Tab reaches it, Space or Enter opens the picker, a screen reader announces the label.
 * A file too large or of a kind the server refuses is named here and never handed on, so a
 * caller only ever sends files that can be stored (the server checks again).
 */
export function FilePicker(props: {
  onFiles: (files: File[]) => void
  camera?: boolean
  disabled?: boolean
  fileLabel?: string
}) {
  const photoId = createUniqueId()
  const fileId = createUniqueId()
  const limitId = createUniqueId()
  const [refused, setRefused] = createSignal<string[]>([])
  const take = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])]
    input.value = ''
    const messages: string[] = []
    const accepted = files.filter((file) => {
      const problem = fileProblem(file)
      if (problem) messages.push(fileProblemText(file, problem))
      return !problem
    })
    setRefused(messages)
    if (accepted.length > 0) props.onFiles(accepted)
  }
  return (
    <div class="file-picker">
      <Show when={props.camera}>
        <span class="file-picker__button">
          <input
            id={photoId}
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            aria-describedby={limitId}
            disabled={props.disabled}
            onChange={(e) => take(e.currentTarget)}
          />
          <label for={photoId} class="button button--secondary button--small">
            {t('attachments.takePhoto')}
          </label>
        </span>
      </Show>
      <span class="file-picker__button">
        <input
          id={fileId}
          class="visually-hidden"
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={limitId}
          disabled={props.disabled}
          onChange={(e) => take(e.currentTarget)}
        />
        <label for={fileId} class="button button--secondary button--small">
          {props.fileLabel ?? t('attachments.addFile')}
        </label>
      </span>
      <span class="file-picker__limit muted" id={limitId}>
        {t('attachments.limit', { mb: uploadLimitMb() })}
      </span>
      <Show when={refused().length > 0}>
        <div class="alert alert--error file-picker__refused" role="alert">
          <For each={refused()}>{(message) => <p>{message}</p>}</For>
        </div>
      </Show>
    </div>
  )
}
