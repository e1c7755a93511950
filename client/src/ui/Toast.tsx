import { createRoot, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { IconButton } from './Button.tsx'
import { IconCheck, IconUndo, IconX } from './icons.ts'

export type ToastInput = {
  message: string
  tone?: 'ok' | 'error' | 'info'
  /** An undo (or another one-click follow-up); pressing it closes the toast. */
  action?: { label?: string; run: () => void | Promise<void> }
  /** Milliseconds before it goes; paused while hovered or focused. */
  duration?: number
}

type Toast = ToastInput & { id: number }

const [toasts, setToasts] = createRoot(() => createSignal<Toast[]>([]))
let nextId = 1

/**
 * Tells the user something happened, without a dialog in the way. A destructive action that
 * can be reversed shows its undo here instead of asking first.
 */
export function toast(input: ToastInput): number {
  const id = nextId++
  setToasts((list) => [...list.slice(-2), { ...input, id }])
  return id
}

export function dismissToast(id: number) {
  setToasts((list) => list.filter((x) => x.id !== id))
}

/** Where toasts appear: a polite live region, mounted once by the shell and the public layout. */
export function ToastRegion() {
  return (
    <section class="toasts" aria-label={t('ui.toast.region')}>
      {/* The live region wraps the list: role="status" on the <ol> itself took away its list
          role, leaving the toasts as list items without a list (axe: listitem). */}
      <div role="status" aria-live="polite">
        <ol class="toasts__list">
          <For each={toasts()}>{(item) => <ToastItem item={item} />}</For>
        </ol>
      </div>
    </section>
  )
}

function ToastItem(props: { item: Toast }) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let remaining = props.item.duration ?? (props.item.action ? 8000 : 5000)
  let started = 0
  const [busy, setBusy] = createSignal(false)
  const start = () => {
    started = Date.now()
    timer = setTimeout(() => dismissToast(props.item.id), remaining)
  }
  const pause = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    remaining = Math.max(1500, remaining - (Date.now() - started))
  }
  onMount(start)
  onCleanup(() => timer && clearTimeout(timer))
  async function run() {
    const action = props.item.action
    if (!action || busy()) return
    setBusy(true)
    try {
      await action.run()
    } finally {
      dismissToast(props.item.id)
    }
  }
  return (
    <li
      class={`toast toast--${props.item.tone ?? 'ok'}`}
      onMouseEnter={pause}
      onMouseLeave={start}
      onFocusIn={pause}
      onFocusOut={start}
    >
      <Show when={(props.item.tone ?? 'ok') === 'ok'}>
        <IconCheck size={18} class="toast__icon" />
      </Show>
      <span class="toast__message">{props.item.message}</span>
      <Show when={props.item.action}>
        {(action) => (
          <button type="button" class="toast__action" disabled={busy()} onClick={() => void run()}>
            <IconUndo size={16} />
            {action().label ?? t('ui.toast.undo')}
          </button>
        )}
      </Show>
      <IconButton
        label={t('ui.toast.close')}
        icon={IconX}
        size="sm"
        class="toast__close"
        onClick={() => dismissToast(props.item.id)}
      />
    </li>
  )
}
