import { createUniqueId, Show } from 'solid-js'
import { t } from '../i18n/index.ts'

/**
 * "Take a photo" (the phone opens its camera: `capture="environment"`) and "Add a file". Each is
 * a real file input, visually hidden but in the tab order, with its label drawn as a button:
 * Tab reaches it, Space or Enter opens the picker, a screen reader announces the label.
 */
export function FilePicker(props: {
  onFiles: (files: File[]) => void
  camera?: boolean
  disabled?: boolean
  fileLabel?: string
}) {
  const photoId = createUniqueId()
  const fileId = createUniqueId()
  const take = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])]
    input.value = ''
    if (files.length > 0) props.onFiles(files)
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
          disabled={props.disabled}
          onChange={(e) => take(e.currentTarget)}
        />
        <label for={fileId} class="button button--secondary button--small">
          {props.fileLabel ?? t('attachments.addFile')}
        </label>
      </span>
    </div>
  )
}
