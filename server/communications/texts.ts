import type { Language } from '../../schema/roles.ts'

/** Server-side texts of communications (letters, email, SMS) in the recipient's language. */
export const COMMUNICATION_TEXTS: Record<
  Language,
  {
    page: string
    of: string
    sentBy: string
    portalHint: string
    locale: string
    /** A letter's list of the send's files. */
    attachments: string
    appended: (pages: number) => string
    inPortal: string
    /** An email's list of the send's files (downloaded in the portal, by its recipients only). */
    emailAttachments: string
  }
> = {
  fi: {
    page: 'Sivu',
    of: '/',
    sentBy: 'Lähettäjä',
    portalHint: 'Viesti on myös Kotipihassa:',
    locale: 'fi-FI',
    attachments: 'Liitteet',
    appended: (n) => `tämän kirjeen perässä, ${n} ${n === 1 ? 'sivu' : 'sivua'}`,
    inPortal: 'luettavissa Kotipihassa',
    emailAttachments: 'Liitteet (ladattavissa Kotipihassa, kun olet kirjautunut):',
  },
  sv: {
    page: 'Sida',
    of: '/',
    sentBy: 'Avsändare',
    portalHint: 'Meddelandet finns också i Kotipiha:',
    locale: 'sv-FI',
    attachments: 'Bilagor',
    appended: (n) => `efter detta brev, ${n} ${n === 1 ? 'sida' : 'sidor'}`,
    inPortal: 'finns i Kotipiha',
    emailAttachments: 'Bilagor (att ladda ner i Kotipiha när du har loggat in):',
  },
  en: {
    page: 'Page',
    of: 'of',
    sentBy: 'Sender',
    portalHint: 'The message is also in Kotipiha:',
    locale: 'en-FI',
    attachments: 'Attachments',
    appended: (n) => `after this letter, ${n} ${n === 1 ? 'page' : 'pages'}`,
    inPortal: 'in Kotipiha',
    emailAttachments: 'Attachments (download them in Kotipiha once signed in):',
  },
}

export const textsFor = (language: string) =>
  COMMUNICATION_TEXTS[(language in COMMUNICATION_TEXTS ? language : 'fi') as Language]
