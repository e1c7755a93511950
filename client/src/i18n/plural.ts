import { resolveTemplate } from '@solid-primitives/i18n'
import type { Language } from '../../../schema/roles.ts'

/**
 * A message that depends on a count: the dictionaries give `{ one, other }` (the CLDR categories
 * Finnish, Swedish and English use), e.g. `{ one: '{{ count }} rakennus', other: '{{ count }}
 * rakennusta' }`. Which form a number takes is Intl.PluralRules' call, not ours: 1 → one;
 * 0, 2 and 21 → other in all three languages.
 */
export interface Plural {
  one: string
  other: string
}

/** The locale each interface language formats numbers and dates with. */
export const LOCALE: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }

const RULES = new Map<Language, Intl.PluralRules>()

function rulesOf(lang: Language): Intl.PluralRules {
  let rules = RULES.get(lang)
  if (!rules) {
    rules = new Intl.PluralRules(LOCALE[lang])
    RULES.set(lang, rules)
  }
  return rules
}

/**
 * The form of `key` for `count` in a flattened dictionary, filled in: `{{ count }}` is the count
 * formatted for the language, the other placeholders come from `args`. Undefined when the
 * dictionary has no such plural message.
 */
export function pluralText(
  flat: Readonly<Record<string, unknown>>,
  lang: Language,
  key: string,
  count: number,
  args?: Record<string, string | number>,
): string | undefined {
  const form = flat[`${key}.${rulesOf(lang).select(count)}`] ?? flat[`${key}.other`]
  if (typeof form !== 'string') return undefined
  return resolveTemplate(form, { ...args, count: new Intl.NumberFormat(LOCALE[lang]).format(count) })
}
