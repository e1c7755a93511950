import type { InboxItem, InboxKind } from '../docs/inbox.ts'
import type { Language } from '../roles.ts'

/** Email texts in fi, sv, en. Each template takes what it needs and returns subject and body. */
interface MailTemplates {
  passwordReset: (p: { link: string }) => { subject: string; body: string }
  invitation: (p: { org: string; role: string; link: string; inviter: string }) => {
    subject: string
    body: string
  }
  registrationReceived: (p: { company: string }) => { subject: string; body: string }
  registrationApproved: (p: { company: string; link: string }) => { subject: string; body: string }
  registrationRejected: (p: { company: string; reason: string }) => { subject: string; body: string }
  exportReady: (p: { link: string; page: string }) => { subject: string; body: string }
}

export const MAIL: Record<Language, MailTemplates> = {
  en: {
    passwordReset: ({ link }) => ({
      subject: 'Reset your Kotipiha password',
      body: `Someone asked to reset the password of this Kotipiha account.\n\nSet a new password here (the link works once, for one hour):\n${link}\n\nIf it was not you, ignore this message; your password stays as it is.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `You are invited to ${org} on Kotipiha`,
      body: `${inviter} invited you to ${org} as ${role}.\n\nAccept the invitation here (valid for 14 days):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Registration of ${company} received`,
      body: `Thank you. The registration of ${company} waits for approval by the property management company. We will email you when it has been reviewed.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} is approved on Kotipiha`,
      body: `The registration of ${company} was approved. You are its administrator and can invite colleagues.\n\nSign in: ${link}`,
    }),
    exportReady: ({ link, page }) => ({
      subject: 'Your Kotipiha data export is ready',
      body: `The copy of your data you asked for is ready.\n\nDownload it here (the link works for 24 hours):\n${link}\n\nYou can also download it from ${page} while you are signed in. If you did not ask for it, change your password.`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Registration of ${company} was not approved`,
      body: `The registration of ${company} was not approved.\n\nReason: ${reason}`,
    }),
  },
  fi: {
    passwordReset: ({ link }) => ({
      subject: 'Kotipiha-salasanan vaihto',
      body: `Tämän Kotipiha-tilin salasanan vaihtoa pyydettiin.\n\nAseta uusi salasana tästä (linkki toimii kerran, tunnin ajan):\n${link}\n\nJos pyyntö ei ollut sinun, voit ohittaa viestin; salasanasi pysyy ennallaan.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `Sinut on kutsuttu: ${org} Kotipihassa`,
      body: `${inviter} kutsui sinut organisaatioon ${org} roolissa ${role}.\n\nHyväksy kutsu tästä (voimassa 14 päivää):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Rekisteröinti vastaanotettu: ${company}`,
      body: `Kiitos. Yrityksen ${company} rekisteröinti odottaa isännöintiyrityksen hyväksyntää. Saat sähköpostin, kun se on käsitelty.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} on hyväksytty Kotipihaan`,
      body: `Yrityksen ${company} rekisteröinti hyväksyttiin. Olet sen pääkäyttäjä ja voit kutsua kollegoitasi.\n\nKirjaudu: ${link}`,
    }),
    exportReady: ({ link, page }) => ({
      subject: 'Kotipiha-tietojesi kopio on valmis',
      body: `Pyytämäsi kopio tiedoistasi on valmis.\n\nLataa se tästä (linkki toimii 24 tuntia):\n${link}\n\nVoit ladata sen myös sivulta ${page} kirjauduttuasi. Jos et pyytänyt sitä, vaihda salasanasi.`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Rekisteröintiä ei hyväksytty: ${company}`,
      body: `Yrityksen ${company} rekisteröintiä ei hyväksytty.\n\nPerustelu: ${reason}`,
    }),
  },
  sv: {
    passwordReset: ({ link }) => ({
      subject: 'Återställ ditt Kotipiha-lösenord',
      body: `Någon bad om att återställa lösenordet för detta Kotipiha-konto.\n\nVälj ett nytt lösenord här (länken fungerar en gång, i en timme):\n${link}\n\nOm det inte var du kan du ignorera meddelandet; ditt lösenord förblir oförändrat.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `Du är inbjuden till ${org} på Kotipiha`,
      body: `${inviter} bjöd in dig till ${org} som ${role}.\n\nGodkänn inbjudan här (giltig i 14 dagar):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Registreringen av ${company} har tagits emot`,
      body: `Tack. Registreringen av ${company} väntar på godkännande av disponentbyrån. Vi meddelar dig per e-post när den har behandlats.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} är godkänt på Kotipiha`,
      body: `Registreringen av ${company} godkändes. Du är dess administratör och kan bjuda in kolleger.\n\nLogga in: ${link}`,
    }),
    exportReady: ({ link, page }) => ({
      subject: 'Din kopia av dina Kotipiha-uppgifter är klar',
      body: `Kopian av dina uppgifter som du bad om är klar.\n\nLadda ner den här (länken fungerar i 24 timmar):\n${link}\n\nDu kan också ladda ner den på ${page} när du är inloggad. Om du inte bad om den, byt lösenord.`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Registreringen av ${company} godkändes inte`,
      body: `Registreringen av ${company} godkändes inte.\n\nMotivering: ${reason}`,
    }),
  },
}

// ── Notification emails (the notifier, per the recipient's preferences) ──────────────────────

/** What each inbox item kind is called in an email's subject and first line. */
const NOTIFY_LABEL: Record<Language, Record<InboxKind, string>> = {
  fi: {
    message: 'Uusi viesti',
    mention: 'Sinut mainittiin',
    case_created: 'Uusi vikailmoitus',
    case_status: 'Ilmoituksen tila muuttui',
    case_assigned: 'Sinulle osoitettiin ilmoitus',
    task_assigned: 'Sinulle osoitettiin tehtävä',
    task_delegated: 'Yrityksellenne annettiin tehtävä',
    task_due: 'Tehtävän määräaika lähestyy',
    task_overdue: 'Tehtävä on myöhässä',
    booking_confirmed: 'Varaus vahvistettu',
    booking_cancelled: 'Varaus peruttu',
    invoice_paid: 'Lasku maksettu',
    erasure_refused: 'Poistopyyntösi hylättiin',
    reading_round: 'Mittarien lukukierros alkoi',
  },
  sv: {
    message: 'Nytt meddelande',
    mention: 'Du nämndes',
    case_created: 'Ny felanmälan',
    case_status: 'Ärendets status ändrades',
    case_assigned: 'Ett ärende tilldelades dig',
    task_assigned: 'En uppgift tilldelades dig',
    task_delegated: 'En uppgift delegerades till ert företag',
    task_due: 'En uppgifts förfallodag närmar sig',
    task_overdue: 'En uppgift är försenad',
    booking_confirmed: 'Bokningen bekräftad',
    booking_cancelled: 'Bokningen avbokad',
    invoice_paid: 'Fakturan betald',
    erasure_refused: 'Din raderingsbegäran avslogs',
    reading_round: 'En avläsningsomgång har börjat',
  },
  en: {
    message: 'New message',
    mention: 'You were mentioned',
    case_created: 'New case reported',
    case_status: 'Case status changed',
    case_assigned: 'A case was assigned to you',
    task_assigned: 'A task was assigned to you',
    task_delegated: 'A task was delegated to your company',
    task_due: 'A task is due soon',
    task_overdue: 'A task is overdue',
    booking_confirmed: 'Booking confirmed',
    booking_cancelled: 'Booking cancelled',
    invoice_paid: 'Invoice paid',
    erasure_refused: 'Your erasure request was refused',
    reading_round: 'A meter reading round has started',
  },
}

const LOCALE: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }
const DUE: Record<Language, string> = { fi: 'Määräaika', sv: 'Förfallodag', en: 'Due' }
/** A refused erasure: the reason, and what the person may do next (GDPR art. 12(4)). */
const REFUSAL: Record<Language, { reason: string; next: string }> = {
  fi: {
    reason: 'Perustelu',
    next: 'Voit pyytää poistamista uudelleen. Voit myös tehdä valituksen tietosuojavaltuutetulle.',
  },
  sv: {
    reason: 'Motivering',
    next: 'Du kan begära radering på nytt. Du kan också klaga hos dataombudsmannen.',
  },
  en: {
    reason: 'Reason',
    next: 'You may ask again. You may also complain to the Data Protection Ombudsman.',
  },
}

/** Dates and times in emails are Helsinki time, as everywhere in the product. */
function when(language: Language, iso: string, withTime: boolean): string {
  const at = new Date(withTime ? iso : `${iso}T12:00:00Z`)
  if (Number.isNaN(at.getTime())) return iso
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: 'Europe/Helsinki',
    dateStyle: withTime ? 'medium' : 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  } as Intl.DateTimeFormatOptions).format(at)
}

/** Subject and body of the email for an inbox item; `url` is the item's link made absolute. */
export function notificationMail(
  language: Language,
  item: Pick<InboxItem, 'kind' | 'title' | 'body'>,
  url: string,
): { subject: string; body: string } {
  const label = NOTIFY_LABEL[language][item.kind]
  const subject = `${label}: ${item.title}`
  let detail = item.body
  if (item.kind === 'booking_confirmed' || item.kind === 'booking_cancelled') {
    const [start = '', end = ''] = item.body.split('/')
    detail = `${when(language, start, true)} – ${when(language, end, true)}`
  } else if (item.kind === 'erasure_refused') {
    detail = `${REFUSAL[language].reason}: ${item.body}\n${REFUSAL[language].next}`
  } else if (item.kind.startsWith('task_') || item.kind === 'reading_round') {
    detail = item.body ? `${DUE[language]}: ${when(language, item.body, false)}` : ''
  }
  return { subject, body: `${subject}\n${detail}\n\n${url}` }
}
