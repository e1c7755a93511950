import { z } from 'zod'
import { LANGUAGES, type Language } from './roles.ts'

/**
 * A name staff give in up to three languages (booking resource categories, standing channels):
 * `{ fi?, sv?, en? }` stored beside the single stored name, which stays the name of last resort.
 */
export type LocalNames = Partial<Record<Language, string>>

/** Fallback order after the reader's own language: Finnish, then English, then Swedish. */
const FALLBACK: readonly Language[] = ['fi', 'en', 'sv']

/** The name a reader of `language` sees: theirs, else fi → en → sv, else the stored name. */
export function localName(names: LocalNames | null | undefined, stored: string, language: Language): string {
  for (const lang of [language, ...FALLBACK]) {
    const name = names?.[lang]?.trim()
    if (name) return name
  }
  return stored
}

/** The name stored for search, mail and audit: the first given in fi → en → sv order. */
export function storedName(names: LocalNames): string {
  return localName(names, '', 'fi')
}

/** Keeps only the languages with a name (an emptied field removes that language). */
export function cleanNames(names: LocalNames): LocalNames {
  const out: LocalNames = {}
  for (const lang of LANGUAGES) {
    const name = names[lang]?.trim()
    if (name) out[lang] = name
  }
  return out
}

/**
 * The request shape: each language optional (an empty string clears it), at least one given.
 * `max` is the stored name's limit.
 */
export function localNamesBody(max: number) {
  const one = z.string().trim().max(max)
  return z
    .strictObject({ fi: one.optional(), sv: one.optional(), en: one.optional() })
    .refine((n) => Object.values(n).some((v) => v && v.length > 0), {
      message: 'Give a name in at least one language.',
    })
}
