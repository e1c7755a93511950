import type { JSX } from 'solid-js'

/**
 * A table that scrolls sideways on a narrow screen. The scrolling box is focusable and named
 * (WCAG 2.1.1: keyboard users must be able to scroll it too; axe "scrollable-region-focusable").
 */
export function TableWrap(props: { label: string; children: JSX.Element }) {
  return (
    <section class="table-wrap" tabindex="0" aria-label={props.label}>
      {props.children}
    </section>
  )
}
