import { flatten, resolveTemplate } from '@solid-primitives/i18n'
import { createEffect, createRoot, createSignal } from 'solid-js'
import { LANGUAGES, type Language } from '../../../schema/roles.ts'
import type { en } from './en.ts'
import { fi } from './fi.ts'
import { LOCALE, type Plural, pluralText } from './plural.ts'

/** The shape every dictionary must have: English defines it. */
export type Dict = typeof en

/** Every dotted path to a string in the dictionary, e.g. 'login.title' or `role.${Role}`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends Plural
      ? never
      : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<Dict>

/** Every dotted path to a `{ one, other }` message, e.g. 'org.apartmentsCount' (see plural.ts). */
type PluralLeaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? never
    : T[K] extends Plural
      ? `${P}${K}`
      : PluralLeaves<T[K], `${P}${K}.`>
}[keyof T & string]
export type PluralKey = PluralLeaves<Dict>
export type MessageArgs = Record<string, string | number>

type Flat = Readonly<Record<string, unknown>>

/**
 * Finnish, the language of most users, is in the main chunk; Swedish and English (about 40 KB
 * each) are fetched when chosen. Every dictionary is a complete `Dict`, so none falls back.
 */
const FLAT: Partial<Record<Language, Flat>> = { fi: flatten(fi) }
const LOADERS: Record<Exclude<Language, 'fi'>, () => Promise<Dict>> = {
  sv: () => import('./sv.ts').then((m) => m.sv),
  en: () => import('./en.ts').then((m) => m.en),
}

/** Makes a language's dictionary available; resolves at once for one already here. */
export async function loadLanguage(lang: Language): Promise<void> {
  if (FLAT[lang] || lang === 'fi') return
  FLAT[lang] = flatten(await LOADERS[lang]())
}

const LANG_COOKIE = 'kotipiha_lang'

function initialLanguage(): Language {
  const cookie = document.cookie.match(new RegExp(`(?:^|; )${LANG_COOKIE}=(\\w+)`))?.[1]
  if (isLanguage(cookie)) return cookie
  const browser = navigator.language.slice(0, 2)
  return isLanguage(browser) ? browser : 'fi'
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

const [language, setLanguageSignal] = createSignal<Language>(initialLanguage())

export { language }

/**
 * Switches the interface language once its dictionary is here (the page stays in the old one
 * for that moment). The choice is remembered in a plain (non-secret) cookie for the login page;
 * signed-in users also get it saved to their profile by the shell.
 */
export async function setLanguage(next: Language): Promise<void> {
  await loadLanguage(next)
  setLanguageSignal(next)
  // biome-ignore lint/suspicious/noDocumentCookie: a non-secret preference, read before sign-in
  document.cookie = `${LANG_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`
}

createRoot(() => {
  createEffect(() => {
    document.documentElement.lang = language()
  })
})

/**
 * Translates a key in the current language (reactive: call it inside JSX or an effect).
 * `t('members.invited', { email })` fills {{ email }}.
 */
export function t(key: MessageKey, args?: MessageArgs): string {
  const value = (FLAT[language()] ?? FLAT.fi)?.[key]
  return typeof value === 'string' ? resolveTemplate(value, args) : key
}

/**
 * A count with its noun in the current language's grammar: `tPlural('org.apartmentsCount', 1)`
 * is "1 huoneisto", with 2 "2 huoneistoa". `{{ count }}` is the formatted count; `args` fills
 * the message's other placeholders.
 */
export function tPlural(key: PluralKey, count: number, args?: MessageArgs): string {
  const lang = FLAT[language()] ? language() : 'fi'
  return pluralText(FLAT[lang] ?? {}, lang, key, count, args) ?? key
}

/** For keys built from server data (audit actions): the translation, or undefined when none. */
export function tMaybe(key: string, args?: MessageArgs): string | undefined {
  const value = (FLAT[language()] ?? FLAT.fi)?.[key]
  return typeof value === 'string' ? resolveTemplate(value, args) : undefined
}

export function formatDateTime(value: string | Date): string {
  return new Intl.DateTimeFormat(LOCALE[language()], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  )
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(LOCALE[language()]).format(value)
}

export function formatDate(value: string | Date): string {
  return new Intl.DateTimeFormat(LOCALE[language()], { dateStyle: 'medium' }).format(new Date(value))
}
