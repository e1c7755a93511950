import { createUniqueId, For } from 'solid-js'
import type { LocalNames } from '../../../schema/localNames.ts'
import { LANGUAGES, type Language } from '../../../schema/roles.ts'
import { t } from '../i18n/index.ts'
import { Field } from './Field.tsx'

/**
 * A name in Finnish, Swedish and English (booking categories, chat channels): one labelled
 * field each in a fieldset; at least one is needed, readers of a missing language see fi → en → sv.
 */
export function NamesFields(props: {
  legend: string
  names: LocalNames
  onChange: (names: LocalNames) => void
  maxLength: number
  /** The server's message for one language's field (`names.fi`, …). */
  error?: (lang: Language) => string | undefined
}) {
  const hintId = createUniqueId()
  return (
    <fieldset class="names-fields" aria-describedby={hintId}>
      <legend>{props.legend}</legend>
      <p class="field__hint" id={hintId}>
        {t('names.hint')}
      </p>
      <For each={LANGUAGES}>
        {(lang) => (
          <Field
            label={t(`names.${lang}`)}
            lang={lang}
            maxLength={props.maxLength}
            value={props.names[lang] ?? ''}
            onInput={(e) => props.onChange({ ...props.names, [lang]: e.currentTarget.value })}
            error={props.error?.(lang)}
          />
        )}
      </For>
    </fieldset>
  )
}

/** At least one language named (what the server requires too). */
export const hasAName = (names: LocalNames): boolean => LANGUAGES.some((l) => Boolean(names[l]?.trim()))
