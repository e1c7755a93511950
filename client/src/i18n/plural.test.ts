import { flatten } from '@solid-primitives/i18n'
import { describe, expect, it } from 'vitest'
import type { Language } from '../../../schema/roles.ts'
import { en } from './en.ts'
import { fi } from './fi.ts'
import { pluralText } from './plural.ts'
import { sv } from './sv.ts'

const FLAT: Record<Language, Readonly<Record<string, unknown>>> = {
  fi: flatten(fi),
  sv: flatten(sv),
  en: flatten(en),
}
const say = (lang: Language, key: string, count: number, args?: Record<string, string | number>) =>
  pluralText(FLAT[lang], lang, key, count, args)

describe('counts with their nouns (Intl.PluralRules over { one, other })', () => {
  it('Finnish: 1 takes the singular; 0, 2 and 21 the partitive', () => {
    expect(say('fi', 'org.buildings', 0)).toBe('0 rakennusta')
    expect(say('fi', 'org.buildings', 1)).toBe('1 rakennus')
    expect(say('fi', 'org.buildings', 2)).toBe('2 rakennusta')
    expect(say('fi', 'org.buildings', 21)).toBe('21 rakennusta')
    expect(say('fi', 'cases.unread', 1)).toBe('1 lukematon viesti')
    expect(say('fi', 'cases.unread', 21)).toBe('21 lukematonta viestiä')
    expect(say('fi', 'events.reach', 1)).toBe('Tavoittaa 1 henkilön.')
    expect(say('fi', 'events.reach', 2)).toBe('Tavoittaa 2 henkilöä.')
  })

  it('Swedish: 1 takes the singular; 0, 2 and 21 the plural', () => {
    expect(say('sv', 'org.buildings', 0)).toBe('0 byggnader')
    expect(say('sv', 'org.buildings', 1)).toBe('1 byggnad')
    expect(say('sv', 'org.buildings', 2)).toBe('2 byggnader')
    expect(say('sv', 'org.buildings', 21)).toBe('21 byggnader')
    expect(say('sv', 'gdpr.erasureWaiting', 1)).toBe(
      'Din raderingsbegäran väntar på bekräftelse från 1 organisation.',
    )
    expect(say('sv', 'gdpr.erasureWaiting', 2)).toBe(
      'Din raderingsbegäran väntar på bekräftelse från 2 organisationer.',
    )
  })

  it('English: 1 takes the singular; 0, 2 and 21 the plural', () => {
    expect(say('en', 'org.buildings', 0)).toBe('0 buildings')
    expect(say('en', 'org.buildings', 1)).toBe('1 building')
    expect(say('en', 'org.buildings', 2)).toBe('2 buildings')
    expect(say('en', 'org.buildings', 21)).toBe('21 buildings')
    expect(say('en', 'communications.reachBanner', 1, { orgs: 1 })).toBe(
      'Shown to 1 person (organisations: 1)',
    )
    expect(say('en', 'communications.reachBanner', 2, { orgs: 1 })).toBe(
      'Shown to 2 people (organisations: 1)',
    )
  })

  it('fills the other placeholders beside the count, and formats the count for the language', () => {
    expect(say('fi', 'events.seats', 1, { taken: 0 })).toBe('0 / 1 paikka varattu')
    expect(say('en', 'events.seats', 12, { taken: 3 })).toBe('3 / 12 places taken')
    // Finnish groups thousands with a (no-break) space; English with a comma.
    expect(say('fi', 'cases.count', 1200)?.replace(/\s/g, ' ')).toBe('1 200 ilmoitusta')
    expect(say('en', 'cases.count', 1200)).toBe('1,200 cases')
  })

  it('every plural message has both forms in every language', () => {
    // A plural message is one with a `one` form (a plain `other` key is just a word, e.g. a category).
    const plurals = (flat: Readonly<Record<string, unknown>>) =>
      Object.keys(flat)
        .filter((k) => k.endsWith('.one'))
        .map((k) => k.slice(0, -'.one'.length))
    const keys = new Set(plurals(FLAT.en))
    expect(keys.size).toBeGreaterThan(20)
    for (const lang of ['fi', 'sv', 'en'] as const) {
      expect(new Set(plurals(FLAT[lang]))).toEqual(keys)
      for (const key of keys) {
        expect(typeof FLAT[lang][`${key}.one`], `${lang} ${key}.one`).toBe('string')
        expect(typeof FLAT[lang][`${key}.other`], `${lang} ${key}.other`).toBe('string')
      }
    }
  })

  it('an unknown key gives nothing (tPlural then shows the key, like t)', () => {
    expect(say('fi', 'org.noSuchThing', 2)).toBeUndefined()
  })
})
