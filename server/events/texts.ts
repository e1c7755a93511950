import { DateTime } from 'luxon'

/**
 * The texts of an event's invitation, reminder, change notice and cancellation, per language (a communication's `texts`:
 * the worker picks the recipient's language). Times are shown in Europe/Helsinki whatever the
 * server's zone, so a reminder written in winter for a summer event names the summer time.
 */
type Lang = 'fi' | 'sv' | 'en'
const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }
/** Which notice: an invitation (newly in the audience), a reminder, a change, a cancellation. */
export type EventTextKind = 'invited' | 'reminder' | 'changed' | 'cancelled'
type Kind = EventTextKind
const WORDS: Record<Lang, Record<Kind | 'place' | 'when' | 'changes', string>> = {
  fi: {
    invited: 'Kutsu',
    reminder: 'Muistutus',
    changed: 'Muutos',
    cancelled: 'Peruttu',
    place: 'Paikka',
    when: 'Aika',
    changes: 'Muuttui',
  },
  sv: {
    invited: 'Inbjudan',
    reminder: 'Påminnelse',
    changed: 'Ändrat',
    cancelled: 'Inställt',
    place: 'Plats',
    when: 'Tid',
    changes: 'Ändrat',
  },
  en: {
    invited: 'Invitation',
    reminder: 'Reminder',
    changed: 'Changed',
    cancelled: 'Cancelled',
    place: 'Place',
    when: 'Time',
    changes: 'What changed',
  },
}
/** What an edit changed, as the change notice names it. */
export type EventChange = 'title' | 'time' | 'place' | 'description'
const CHANGES: Record<Lang, Record<EventChange, string>> = {
  fi: { title: 'nimi', time: 'aika', place: 'paikka', description: 'kuvaus' },
  sv: { title: 'namn', time: 'tid', place: 'plats', description: 'beskrivning' },
  en: { title: 'title', time: 'time', place: 'place', description: 'description' },
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

/** `changes`: for a change notice, what the edit changed (named first, so nobody hunts for it). */
export function eventTexts(
  e: EventForText,
  kind: Kind,
  changes: readonly EventChange[] = [],
): Record<Lang, { title: string; body: string }> {
  const out = {} as Record<Lang, { title: string; body: string }>
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const w = WORDS[lang]
    const lines = [
      ...(kind === 'changed' && changes.length
        ? [`${w.changes}: ${changes.map((c) => CHANGES[lang][c]).join(', ')}`, '']
        : []),
      `${w.when}: ${helsinkiTime(e.startsAt, lang)} – ${helsinkiTime(e.endsAt, lang)}`,
      ...(e.place ? [`${w.place}: ${e.place}`] : []),
      ...(kind !== 'cancelled' && e.description ? ['', e.description.slice(0, 1000)] : []),
    ]
    out[lang] = { title: `${w[kind]}: ${e.title}`.slice(0, 200), body: lines.join('\n') }
  }
  return out
}
