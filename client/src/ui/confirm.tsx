import { createSignal, type JSX } from 'solid-js'
import { t } from '../i18n/index.ts'
import { ConfirmDialog } from './Dialog.tsx'
import { errorMessage } from './errors.ts'
import { toast } from './Toast.tsx'

export type ConfirmRequest = {
  title: string
  /** What will happen, in words the user can check before pressing the button. */
  message?: string
  confirmLabel: string
  run: () => unknown
}

/**
 * One ConfirmDialog a page reuses for every action that cannot be undone: `ask` opens it with
 * what will happen; the dialog stays open with the error if the request fails, so nothing is
 * lost silently. Reversible actions use a toast with undo instead (see `Toast.tsx`).
 */
export function createConfirm(): { ask: (request: ConfirmRequest) => void; view: () => JSX.Element } {
  const [request, setRequest] = createSignal<ConfirmRequest>()
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const ask = (next: ConfirmRequest) => {
    setError(undefined)
    setRequest(() => next)
  }
  async function confirm() {
    const current = request()
    if (!current || pending()) return
    setPending(true)
    try {
      await current.run()
      setRequest(undefined)
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setPending(false)
    }
  }
  const view = () => (
    <ConfirmDialog
      open={request() !== undefined}
      title={request()?.title ?? ''}
      message={request()?.message}
      confirmLabel={request()?.confirmLabel ?? ''}
      danger
      pending={pending()}
      error={error()}
      onConfirm={() => void confirm()}
      onCancel={() => setRequest(undefined)}
    />
  )
  return { ask, view }
}

/**
 * Says a reversible action is done and offers to take it back: the toast's undo runs `undo`,
 * then says "Undone" — or, if the undo itself is refused, why, in the user's language.
 */
export function offerUndo(message: string, undo: () => unknown): void {
  toast({
    message,
    action: {
      run: async () => {
        try {
          await undo()
          toast({ message: t('ui.confirm.undone'), tone: 'info' })
        } catch (caught) {
          toast({ message: errorMessage(caught), tone: 'error' })
        }
      },
    },
  })
}
