import { createUniqueId, type JSX, Show, splitProps } from 'solid-js'

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>

/** A labelled input with hint and error wired to aria-describedby / aria-invalid. */
export function Field(
  props: InputProps & { label: string; hint?: string | undefined; error?: string | undefined },
) {
  const [own, input] = splitProps(props, ['label', 'hint', 'error', 'id'])
  const id = own.id ?? createUniqueId()
  const describedBy = () =>
    [own.hint ? `${id}-hint` : '', own.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(own.error) }}>
      <label for={id}>{own.label}</label>
      <input
        id={id}
        {...input}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      <Show when={own.hint}>
        <p class="field__hint" id={`${id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p class="field__error" id={`${id}-error`}>
          {own.error}
        </p>
      </Show>
    </div>
  )
}

type SelectProps = JSX.SelectHTMLAttributes<HTMLSelectElement>

export function SelectField(
  props: SelectProps & {
    label: string
    hint?: string | undefined
    error?: string | undefined
    children: JSX.Element
  },
) {
  const [own, select] = splitProps(props, ['label', 'hint', 'error', 'id', 'children'])
  const id = own.id ?? createUniqueId()
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(own.error) }}>
      <label for={id}>{own.label}</label>
      <select
        id={id}
        {...select}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={own.hint || own.error ? `${id}-desc` : undefined}
      >
        {own.children}
      </select>
      <Show when={own.hint || own.error}>
        <p class={own.error ? 'field__error' : 'field__hint'} id={`${id}-desc`}>
          {own.error ?? own.hint}
        </p>
      </Show>
    </div>
  )
}

type TextAreaProps = JSX.TextareaHTMLAttributes<HTMLTextAreaElement>

export function TextAreaField(
  props: TextAreaProps & { label: string; hint?: string | undefined; error?: string | undefined },
) {
  const [own, area] = splitProps(props, ['label', 'hint', 'error', 'id'])
  const id = own.id ?? createUniqueId()
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(own.error) }}>
      <label for={id}>{own.label}</label>
      <textarea
        id={id}
        {...area}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={own.hint || own.error ? `${id}-desc` : undefined}
      />
      <Show when={own.hint || own.error}>
        <p class={own.error ? 'field__error' : 'field__hint'} id={`${id}-desc`}>
          {own.error ?? own.hint}
        </p>
      </Show>
    </div>
  )
}
