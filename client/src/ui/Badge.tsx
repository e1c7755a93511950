import type { JSX } from 'solid-js'

export type BadgeTone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger' | 'info'

/** A short label for a state or a count; the tone is a colour, the text carries the meaning. */
export function Badge(props: { tone?: BadgeTone; children: JSX.Element; class?: string }) {
  return (
    <span
      class={`status-badge status-badge--${props.tone ?? 'neutral'}${props.class ? ` ${props.class}` : ''}`}
    >
      {props.children}
    </span>
  )
}
