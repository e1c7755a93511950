import { type JSX, Show, splitProps } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import type { Icon } from './icons.ts'

export type IconComponent = Icon
type Variant = 'primary' | 'secondary' | 'quiet' | 'danger'
type Size = 'md' | 'sm'

type ButtonProps = JSX.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant
  size?: Size
  icon?: IconComponent
  /** Shows a busy state and keeps the button from being pressed twice. */
  pending?: boolean
}

function classes(variant: Variant | undefined, size: Size | undefined, extra: string | undefined) {
  return [
    'button',
    variant && variant !== 'primary' ? `button--${variant}` : '',
    size === 'sm' ? 'button--small' : '',
    extra ?? '',
  ]
    .filter(Boolean)
    .join(' ')
}

/** The one button: a primary action, or secondary/quiet/danger; an optional leading icon. */
export function Button(props: ButtonProps) {
  const [own, rest] = splitProps(props, ['variant', 'size', 'icon', 'pending', 'class', 'children', 'type'])
  return (
    <button
      type={own.type ?? 'button'}
      {...rest}
      class={classes(own.variant, own.size, own.class)}
      aria-busy={own.pending ? 'true' : undefined}
      disabled={rest.disabled || own.pending}
    >
      <Show when={own.icon}>{(icon) => <Dynamic component={icon()} size={18} class="button__icon" />}</Show>
      {own.children}
    </button>
  )
}

/**
 * A square button that shows only an icon. `label` is required: it is the accessible name and the
 * tooltip (title), so an icon is never the only clue.
 */
export function IconButton(
  props: Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'children'> & {
    label: string
    icon: IconComponent
    variant?: Variant
    size?: Size
  },
) {
  const [own, rest] = splitProps(props, ['label', 'icon', 'variant', 'size', 'class', 'type'])
  return (
    <button
      type={own.type ?? 'button'}
      {...rest}
      class={`icon-button icon-button--${own.variant ?? 'quiet'}${own.size === 'sm' ? ' icon-button--small' : ''}${own.class ? ` ${own.class}` : ''}`}
      aria-label={own.label}
      title={own.label}
    >
      <Dynamic component={own.icon} size={own.size === 'sm' ? 16 : 20} />
    </button>
  )
}
