import { createUniqueId, For } from 'solid-js'
import { LANGUAGES, type Language } from '../../../schema/roles.ts'
import { isLanguage, language, t } from '../i18n/index.ts'

/** The language picker; each option is written in its own language (and tagged so). */
export function LanguageSelect(props: {
  onChange: (language: Language) => void
  compact?: boolean
  class?: string
}) {
  const id = createUniqueId()
  return (
    <div
      class={`language-select ${props.class ?? ''}`}
      classList={{ 'language-select--compact': props.compact === true }}
    >
      <label for={id}>{t('app.language')}</label>
      <select
        id={id}
        value={language()}
        onChange={(e) => {
          const value = e.currentTarget.value
          if (isLanguage(value)) props.onChange(value)
        }}
      >
        <For each={LANGUAGES}>
          {(code) => (
            <option value={code} lang={code} selected={code === language()}>
              {t(`languages.${code}`)}
            </option>
          )}
        </For>
      </select>
    </div>
  )
}
