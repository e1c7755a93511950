import { createAsync, useAction } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { errorMessage } from '../ui/errors.ts'
import { AttachmentList } from './AttachmentList.tsx'
import {
  type AttachmentJson,
  type AttachmentOwner,
  getAttachments,
  refreshAttachments,
  removeAttachmentAction,
  uploadAttachment,
} from './data.ts'
import { FilePicker } from './FilePicker.tsx'

/**
 * The attachments of one case, card, message or event: the list with thumbnails, and (for those
 * who may) a camera button and a file button. Uploads run one after another and are announced
 * politely. An owner with limits of its own (a message's files: how many, how large together)
 * refuses a file over them here, before any byte is sent (the server checks again).
 */
export function AttachmentsSection(props: {
  orgId: string
  kind: AttachmentOwner
  ownerId: string
  title: string
  /** 2 where the section sits right under the page's h1 (the case page), else 3. */
  headingLevel?: 2 | 3
  camera?: boolean
  /** A line under the heading: where these files go (a message's recipients, letters). */
  description?: string
}) {
  // A card not yet projected (just added) has no attachments to show yet: nothing, not an error.
  const list = createAsync(() =>
    getAttachments(props.orgId, props.kind, props.ownerId).catch(() => undefined),
  )
  const [busy, setBusy] = createSignal<string | null>(null)
  const [errors, setErrors] = createSignal<string[]>([])
  const headingId = createUniqueId()

  /** The owner's own limits, checked here first so a refusal is worded in the user's language. */
  function withinLimits(files: File[]): File[] {
    const l = list()
    const limits = l?.limits
    if (!l || !limits) return files
    let count = l.attachments.length
    let bytes = l.attachments.reduce((sum, a) => sum + a.size, 0)
    const refused: string[] = []
    const taken = files.filter((file) => {
      if (count >= limits.maxFiles) {
        refused.push(t('attachments.tooManyHere', { max: limits.maxFiles, name: file.name }))
        return false
      }
      if (limits.maxTotalBytes !== null && bytes + file.size > limits.maxTotalBytes) {
        const mb = String(Math.floor(limits.maxTotalBytes / 1024 / 1024))
        refused.push(t('attachments.totalTooLarge', { name: file.name, mb }))
        return false
      }
      count++
      bytes += file.size
      return true
    })
    setErrors(refused)
    return taken
  }

  async function add(picked: File[]) {
    const files = withinLimits(picked)
    for (const file of files) {
      setBusy(file.name)
      try {
        await uploadAttachment(props.orgId, props.kind, props.ownerId, file)
      } catch (error) {
        setErrors((e) => [...e, t('attachments.failed', { name: file.name, reason: errorMessage(error) })])
      }
    }
    setBusy(null)
    // One refetch for the whole batch, once every file has been tried.
    void refreshAttachments()
  }
  // A removed file is gone for good, so the user confirms with its name first.
  const confirm = createConfirm()
  const removeFile = useAction(removeAttachmentAction)
  const remove = (a: AttachmentJson) =>
    confirm.ask({
      title: t('ui.confirm.removeTitle', { name: `”${a.name}”` }),
      message: t('ui.confirm.cannotUndo'),
      confirmLabel: t('ui.confirm.remove'),
      run: () => removeFile(props.orgId, a.id),
    })

  return (
    <section class="attachments-section" aria-labelledby={headingId}>
      <Dynamic component={`h${props.headingLevel ?? 3}`} id={headingId}>
        {props.title}
      </Dynamic>
      <Show when={props.description}>
        <p class="field__hint">{props.description}</p>
      </Show>
      {confirm.view()}
      <For each={errors()}>{(message) => <Alert kind="error">{message}</Alert>}</For>
      <Show when={list()} keyed>
        {(l) => (
          <>
            <Show when={l.attachments.length > 0} fallback={<p class="muted">{t('attachments.none')}</p>}>
              <AttachmentList orgId={props.orgId} attachments={l.attachments} onRemove={remove} />
            </Show>
            <Show when={l.abilities.upload}>
              <FilePicker camera={props.camera} disabled={busy() !== null} onFiles={add} />
              <p class="field__hint">{t('attachments.hint')}</p>
            </Show>
          </>
        )}
      </Show>
      <p class="muted" role="status" aria-live="polite">
        {busy() ? t('attachments.uploading', { name: busy() ?? '' }) : ''}
      </p>
    </section>
  )
}
