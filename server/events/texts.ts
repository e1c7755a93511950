import { DateTime } from 'luxon'

/**
 * The texts of an event's reminder and cancellation, per language (a communication's `texts`:
 * the worker picks the recipient's language). Times are shown in Europe/Helsinki whatever the
 * server's zone, so a reminder written in winter for a summer event names the summer time.
 */
type Lang = 'fi' | 'sv' | 'en'
const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }
const WORDS: Record<Lang, { reminder: string; cancelled: string; place: string; when: string }> = {
  fi: { reminder: 'Muistutus', cancelled: 'Peruttu', place: 'Paikka', when: 'Aika' },
  sv: { reminder: 'Påminnelse', cancelled: 'Inställt', place: 'Plats', when: 'Tid' },
  en: { reminder: 'Reminder', cancelled: 'Cancelled', place: 'Place', when: 'Time' },
}

export interface EventForText {
  title: string
  place: string
  description: string
  startsAt: Date
  endsAt: Date
}

export function helsinkiTime(d: Date, lang: Lang): string {
  return DateTime.fromJSDate(d, { zone: 'Europe/Helsinki' })
    .setLocale(LOCALES[lang])
    .toLocaleString(DateTime.DATETIME_MED)
}

export function eventTexts(
  e: EventForText,
  kind: 'reminder' | 'cancelled',
): Record<Lang, { title: string; body: string }> {
  const out = {} as Record<Lang, { title: string; body: string }>
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const w = WORDS[lang]
    const lines = [
      `${w.when}: ${helsinkiTime(e.startsAt, lang)} – ${helsinkiTime(e.endsAt, lang)}`,
      ...(e.place ? [`${w.place}: ${e.place}`] : []),
      ...(kind === 'reminder' && e.description ? ['', e.description.slice(0, 1000)] : []),
    ]
    out[lang] = { title: `${w[kind]}: ${e.title}`.slice(0, 200), body: lines.join('\n') }
  }
  return out
}
