import { type JSX, Show } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import type { IconComponent } from './Button.tsx'
import { IconInbox } from './icons.ts'

/** What a list says when it has nothing, and the one thing to do about it (a link or button). */
export function EmptyState(props: {
  title: string
  text?: string | undefined
  icon?: IconComponent
  action?: JSX.Element
  /** The title's element: a heading when the empty state is the whole page. */
  titleAs?: 'h1' | 'h2' | 'p'
}) {
  return (
    <div class="empty-state">
      <Dynamic component={props.icon ?? IconInbox} size={32} class="empty-state__icon" />
      <Dynamic component={props.titleAs ?? 'p'} class="empty-state__title">
        {props.title}
      </Dynamic>
      <Show when={props.text}>
        <p class="empty-state__text">{props.text}</p>
      </Show>
      <Show when={props.action}>
        <div class="empty-state__action">{props.action}</div>
      </Show>
    </div>
  )
}
