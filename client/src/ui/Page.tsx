import { createEffect, type JSX, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Skeleton } from './Skeleton.tsx'

/** A page's heading (the document title follows it) and its content. */
export function Page(props: {
  title: string
  intro?: string | undefined
  children: JSX.Element
  wide?: boolean
}) {
  createEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`
  })
  return (
    <section class="page" classList={{ 'page--wide': props.wide === true }}>
      <h1>{props.title}</h1>
      <Show when={props.intro}>
        <p class="page__intro">{props.intro}</p>
      </Show>
      {props.children}
    </section>
  )
}

/** While a page's data loads: the shape of a page, not a blank "Loading…" (see Skeleton). */
export function Loading() {
  return <Skeleton variant="page" />
}
