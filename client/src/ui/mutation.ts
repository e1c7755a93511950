import { type Action, action, json, revalidate, useAction, useSubmissions } from '@solidjs/router'
import { createSignal, onCleanup } from 'solid-js'
import { errorMessage, fieldErrors } from './errors.ts'

/**
 * A change made through the API, as a Solid router action: `call` does the request; once it
 * succeeds the queries named by `revalidates` (a `query.key` for all its entries, or a
 * `keyFor(...)` for one) are refetched, before the submission ends and the form hears of it.
 * Declared once per feature beside its queries; components use it through `useMutation`.
 * `[]` revalidates nothing (the caller navigates away, refetches a resource of its own, or a live
 * document brings the change). The keys are revalidated here rather than handed to the router in
 * `json(…, { revalidate })`: that travels as a comma-separated header, and a `keyFor` of two
 * arguments contains a comma.
 */
export function mutation<A extends unknown[], T>(
  name: string,
  call: (...args: A) => Promise<T>,
  revalidates: NoInfer<(...args: A) => string | string[]>,
): Action<A, T> {
  return action(async (...args: A) => {
    const data = await call(...args)
    const keys = [revalidates(...args)].flat()
    if (keys.length > 0) await revalidate(keys)
    // Already revalidated: the router is told to revalidate nothing more (not everything).
    return json(data, { revalidate: [] })
  }, name) as unknown as Action<A, T>
}

/** A call whose answer the form does not need, as a mutation that resolves to `true` once done. */
export const succeeded =
  <A extends unknown[]>(call: (...args: A) => Promise<unknown>) =>
  async (...args: A): Promise<true> => {
    await call(...args)
    return true
  }

/**
 * One form's (or one button's) use of a mutation: `run(...)` submits it and resolves to its
 * result, or undefined when it failed; `pending()` while it runs (disable the submit, set
 * aria-busy); a failure's `{ error: { code, message } }` becomes a translated summary
 * (`message()`) and per-field messages (`field('email')`) as errors.ts words them. `filter`
 * picks this form's submissions when the same mutation is used by several on one page (a row
 * each); a form's earlier submissions are forgotten when it submits again or goes away, so an old
 * error never shows on a freshly opened form.
 */
export function useMutation<A extends unknown[], T>(act: Action<A, T>, filter?: (input: A) => boolean) {
  const submit = useAction(act)
  const submissions = useSubmissions(act, filter)
  const latest = () => submissions[submissions.length - 1]
  const [localFields, setLocalFields] = createSignal<Record<string, string>>({})
  const forget = () => {
    for (let i = submissions.length - 1; i >= 0; i--) {
      const s = submissions[i]
      if (s && !s.pending) s.clear()
    }
  }
  onCleanup(forget)
  async function run(...args: A): Promise<T | undefined> {
    forget()
    setLocalFields({})
    try {
      return (await (submit as (...input: A) => Promise<T>)(...args)) as T | undefined
    } catch {
      // The submission holds the error; `message()` and `field()` show it.
      return undefined
    }
  }
  return {
    run,
    pending: (): boolean => latest()?.pending ?? false,
    error: (): unknown => latest()?.error,
    message: (): string | undefined => {
      const e = latest()?.error
      return e === undefined ? undefined : errorMessage(e)
    },
    field: (name: string): string | undefined => localFields()[name] ?? fieldErrors(latest()?.error)[name],
    /** Client-side problems found before sending (translated by the caller). */
    setFieldProblems: (problems: Record<string, string>) => setLocalFields(problems),
    reset: () => {
      forget()
      setLocalFields({})
    },
  }
}
export type Mutation = ReturnType<typeof useMutation>
