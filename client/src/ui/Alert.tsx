import { type JSX, Show } from 'solid-js'

/** An announced message: errors interrupt (role=alert), successes are polite (role=status). */
export function Alert(props: { kind: 'error' | 'success' | 'info'; children: JSX.Element }) {
  return (
    <div class={`alert alert--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}

/** Shows the error of a form (if any) as an alert. */
export function FormError(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <Alert kind="error">{props.message}</Alert>
    </Show>
  )
}
