import type { Language } from '../../schema/roles.ts'

/** Server-side texts of communications (letters, email, SMS) in the recipient's language. */
export const COMMUNICATION_TEXTS: Record<
  Language,
  { page: string; of: string; sentBy: string; portalHint: string; locale: string }
> = {
  fi: {
    page: 'Sivu',
    of: '/',
    sentBy: 'Lähettäjä',
    portalHint: 'Viesti on myös Kotipihassa:',
    locale: 'fi-FI',
  },
  sv: {
    page: 'Sida',
    of: '/',
    sentBy: 'Avsändare',
    portalHint: 'Meddelandet finns också i Kotipiha:',
    locale: 'sv-FI',
  },
  en: {
    page: 'Page',
    of: 'of',
    sentBy: 'Sender',
    portalHint: 'The message is also in Kotipiha:',
    locale: 'en-FI',
  },
}

export const textsFor = (language: string) =>
  COMMUNICATION_TEXTS[(language in COMMUNICATION_TEXTS ? language : 'fi') as Language]
