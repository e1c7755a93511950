import { createSignal, createUniqueId, type JSX } from 'solid-js'
import type { LocalNames } from '../../../schema/localNames.ts'
import { FormError } from './Alert.tsx'
import type { Mutation } from './mutation.ts'
import { hasAName, NamesFields } from './NamesFields.tsx'

/** What a names form shows of its mutation: the server's message, a field's, whether it is sending. */
type NamesMutation = Pick<Mutation, 'message' | 'field' | 'pending'>

/**
 * A form whose one required input is a name in fi, sv and en (a new booking category or channel,
 * renaming either): the server's error, the three fields, what else the form asks (`children`),
 * and a submit that waits until one language is named. One component, so that every such form
 * places a refused name the same way (under its language, or under all three for `names`).
 */
export function NamesForm(props: {
  form: NamesMutation
  legend: string
  maxLength: number
  names: LocalNames
  onNames: (names: LocalNames) => void
  submit: string
  /** The submit's classes: a secondary button beside a list or in an editor, `button` alone. */
  buttonClass: string
  labelledBy?: string
  onSubmit: () => void
  children?: JSX.Element
}) {
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault()
        props.onSubmit()
      }}
      aria-labelledby={props.labelledBy}
      novalidate
    >
      <FormError message={props.form.message()} />
      <NamesFields
        legend={props.legend}
        names={props.names}
        onChange={props.onNames}
        maxLength={props.maxLength}
        error={(lang) => props.form.field(`names.${lang}`) ?? props.form.field('names')}
      />
      {props.children}
      <button
        type="submit"
        class={props.buttonClass}
        disabled={props.form.pending() || !hasAName(props.names)}
      >
        {props.submit}
      </button>
    </form>
  )
}

/**
 * The names of something that has them (a channel, a booking category) behind a disclosure:
 * opening it starts again from the stored names, so an abandoned edit never reappears.
 */
export function NamesEditor(props: {
  form: NamesMutation
  summary: string
  legend: string
  maxLength: number
  submit: string
  /** The stored names (or the old single name as Finnish). */
  current: () => LocalNames
  save: (names: LocalNames) => Promise<unknown>
}) {
  const [names, setNames] = createSignal<LocalNames>(props.current())
  const summaryId = createUniqueId()
  return (
    <details class="names-editor" onToggle={() => setNames(props.current())}>
      <summary id={summaryId}>{props.summary}</summary>
      <NamesForm
        form={props.form}
        legend={props.legend}
        maxLength={props.maxLength}
        names={names()}
        onNames={setNames}
        submit={props.submit}
        buttonClass="button button--secondary"
        labelledBy={summaryId}
        onSubmit={() => void props.save(names())}
      />
    </details>
  )
}
