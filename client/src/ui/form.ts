import { createSignal } from 'solid-js'
import { errorMessage, fieldErrors } from './errors.ts'

/**
 * Pending / error state of one form. `run` performs the submit; a thrown ApiError becomes a
 * translated summary (`message`) and per-field server messages (`field('email')`).
 */
export function createFormState() {
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const [localFields, setLocalFields] = createSignal<Record<string, string>>({})
  async function run<T>(submit: () => Promise<T>): Promise<T | undefined> {
    setPending(true)
    setError(undefined)
    setLocalFields({})
    try {
      return await submit()
    } catch (caught) {
      setError(() => caught)
      return undefined
    } finally {
      setPending(false)
    }
  }
  return {
    pending,
    error,
    run,
    message: () => {
      const e = error()
      return e === undefined ? undefined : errorMessage(e)
    },
    field: (name: string): string | undefined => localFields()[name] ?? fieldErrors(error())[name],
    /** Client-side problems found before sending (translated by the caller). */
    setFieldProblems: (problems: Record<string, string>) => setLocalFields(problems),
    reset: () => {
      setError(undefined)
      setLocalFields({})
    },
  }
}
export type FormState = ReturnType<typeof createFormState>
