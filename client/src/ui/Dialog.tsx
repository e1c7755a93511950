import { createEffect, createUniqueId, type JSX, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { IconButton } from './Button.tsx'
import { IconX } from './icons.ts'

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape cancels, focus
 * returns to the opener. `children` may hold extra fields (e.g. a reason).
 */
export function ConfirmDialog(props: {
  open: boolean
  title: string
  message?: string | undefined
  confirmLabel: string
  danger?: boolean
  pending?: boolean
  error?: string | undefined
  onConfirm: () => void
  onCancel: () => void
  children?: JSX.Element
}) {
  let dialog: HTMLDialogElement | undefined
  const titleId = createUniqueId()
  createEffect(() => {
    if (!dialog) return
    if (props.open && !dialog.open) dialog.showModal()
    if (!props.open && dialog.open) dialog.close()
  })
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        props.onCancel()
      }}
    >
      <form
        method="dialog"
        novalidate
        onSubmit={(e) => {
          e.preventDefault()
          props.onConfirm()
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <Show when={props.message}>
          <p>{props.message}</p>
        </Show>
        {props.children}
        <Show when={props.error}>
          <p class="alert alert--error" role="alert">
            {props.error}
          </p>
        </Show>
        <div class="dialog__actions">
          <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            class="button"
            classList={{ 'button--danger': props.danger === true }}
            disabled={props.pending}
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}

/**
 * A modal for content (a form, details) on the native <dialog>: focus moves in and back to the
 * opener on close, Escape and the close button call `onClose`.
 */
export function Dialog(props: {
  open: boolean
  title: string
  onClose: () => void
  children: JSX.Element
  footer?: JSX.Element
}) {
  let dialog: HTMLDialogElement | undefined
  const titleId = createUniqueId()
  createEffect(() => {
    if (!dialog) return
    if (props.open && !dialog.open) dialog.showModal()
    if (!props.open && dialog.open) dialog.close()
  })
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <div class="dialog__head">
        <h2 id={titleId}>{props.title}</h2>
        <IconButton label={t('common.close')} icon={IconX} onClick={() => props.onClose()} />
      </div>
      {props.children}
      <Show when={props.footer}>
        <div class="dialog__actions">{props.footer}</div>
      </Show>
    </dialog>
  )
}
