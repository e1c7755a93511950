import type { Language } from '../roles.ts'

/**
 * Readable descriptions of audit-log entries in fi, sv and en (issue 18: "not raw keys and
 * hashes"), shared by the activity history routes and anything else that shows the trail. Each
 * known action has a phrase; `{name}` is filled from the entry's details (a name or title) when
 * there is one. An action without a phrase falls back to its area's phrase ("building.*"), then to
 * a generic one, so a new action is never shown as a raw key.
 */
type Phrase = readonly [en: string, fi: string, sv: string]

const PHRASES: Record<string, Phrase> = {
  // [ … ] holds a part shown only when its value is known (older entries have no address).
  'auth.login': [
    'Signed in[ ({device})][ from {where}]',
    'Kirjautui sisään[ ({device})][ osoitteesta {where}]',
    'Loggade in[ ({device})][ från {where}]',
  ],
  'auth.login_failed': [
    'A sign-in to the account failed[ ({device})][ from {where}]',
    'Kirjautuminen tilille epäonnistui[ ({device})][ osoitteesta {where}]',
    'En inloggning på kontot misslyckades[ ({device})][ från {where}]',
  ],
  'org.created': [
    'Created the organisation {name}',
    'Loi organisaation {name}',
    'Skapade organisationen {name}',
  ],
  'cooperative.created': [
    'Created the cooperative {name}',
    'Loi taloyhtiön {name}',
    'Skapade bostadsbolaget {name}',
  ],
  'org.updated': [
    "Changed the organisation's details",
    'Muutti organisaation tietoja',
    'Ändrade organisationens uppgifter',
  ],
  'org.handed_over': [
    'Handed the cooperative over to another management company',
    'Siirsi taloyhtiön toiselle isännöintiyritykselle',
    'Överlämnade bostadsbolaget till ett annat disponentbolag',
  ],
  'building.created': [
    'Added the building {name}',
    'Lisäsi rakennuksen {name}',
    'Lade till byggnaden {name}',
  ],
  'building.updated': ['Changed the building {name}', 'Muutti rakennusta {name}', 'Ändrade byggnaden {name}'],
  'building.removed': [
    'Removed the building {name}',
    'Poisti rakennuksen {name}',
    'Tog bort byggnaden {name}',
  ],
  'building.restored': [
    'Undid the removal of the building {name}',
    'Palautti poistetun rakennuksen {name}',
    'Återställde den borttagna byggnaden {name}',
  ],
  'staircase.created': [
    'Added the staircase {name}',
    'Lisäsi porrashuoneen {name}',
    'Lade till trappan {name}',
  ],
  'staircase.updated': [
    'Changed the staircase {name}',
    'Muutti porrashuonetta {name}',
    'Ändrade trappan {name}',
  ],
  'staircase.removed': [
    'Removed the staircase {name}',
    'Poisti porrashuoneen {name}',
    'Tog bort trappan {name}',
  ],
  'staircase.restored': [
    'Undid the removal of the staircase {name}',
    'Palautti poistetun porrashuoneen {name}',
    'Återställde den borttagna trappan {name}',
  ],
  'apartment.created': [
    'Added the apartment {name}',
    'Lisäsi huoneiston {name}',
    'Lade till lägenheten {name}',
  ],
  'apartment.updated': [
    'Changed the apartment {name}',
    'Muutti huoneistoa {name}',
    'Ändrade lägenheten {name}',
  ],
  'apartment.removed': [
    'Removed the apartment {name}',
    'Poisti huoneiston {name}',
    'Tog bort lägenheten {name}',
  ],
  'apartment.restored': [
    'Undid the removal of the apartment {name}',
    'Palautti poistetun huoneiston {name}',
    'Återställde den borttagna lägenheten {name}',
  ],
  'invitation.created': ['Invited someone to join', 'Kutsui jäsenen', 'Bjöd in en medlem'],
  'invitation.accepted': ['Accepted an invitation', 'Hyväksyi kutsun', 'Tog emot en inbjudan'],
  'invitation.revoked': ['Withdrew an invitation', 'Perui kutsun', 'Återkallade en inbjudan'],
  'membership.role_changed': ["Changed a member's role", 'Muutti jäsenen roolia', 'Ändrade en medlems roll'],
  'membership.removed': ['Removed a member', 'Poisti jäsenen', 'Tog bort en medlem'],
  'message.hidden': ['Hid a message', 'Piilotti viestin', 'Dolde ett meddelande'],
  'attachment.uploaded': ['Attached a file', 'Liitti tiedoston', 'Bifogade en fil'],
  'attachment.deleted': ['Removed an attachment', 'Poisti liitteen', 'Tog bort en bilaga'],
  'document.uploaded': [
    'Uploaded the document {name}',
    'Lisäsi asiakirjan {name}',
    'Laddade upp dokumentet {name}',
  ],
  'document.updated': [
    'Changed the document {name}',
    'Muutti asiakirjaa {name}',
    'Ändrade dokumentet {name}',
  ],
  'document.version_added': [
    'Added a new version of {name}',
    'Lisäsi uuden version asiakirjasta {name}',
    'Lade till en ny version av {name}',
  ],
  'announcement.publish': ['Published an announcement', 'Julkaisi tiedotteen', 'Publicerade ett meddelande'],
  'communication.send': ['Sent a mass communication', 'Lähetti joukkoviestin', 'Skickade ett massutskick'],
  'communication.list_saved': [
    'Saved the recipient list {name}',
    'Tallensi vastaanottajaluettelon {name}',
    'Sparade mottagarlistan {name}',
  ],
  'communication.list_deleted': [
    'Deleted the recipient list {name}',
    'Poisti vastaanottajaluettelon {name}',
    'Tog bort mottagarlistan {name}',
  ],
  'event.update': ['Changed the event {name}', 'Muutti tapahtumaa {name}', 'Ändrade evenemanget {name}'],
  'gdpr.export_requested': [
    'Asked for a copy of their data',
    'Pyysi kopion tiedoistaan',
    'Begärde en kopia av sina uppgifter',
  ],
  'gdpr.export_ready': [
    'A copy of the data was prepared',
    'Kopio tiedoista valmistui',
    'En kopia av uppgifterna sammanställdes',
  ],
  'gdpr.export_downloaded': [
    'Downloaded a copy of their data',
    'Latasi kopion tiedoistaan',
    'Laddade ner en kopia av sina uppgifter',
  ],
  'gdpr.erasure_requested': [
    'Asked for their data to be erased',
    'Pyysi tietojensa poistamista',
    'Begärde radering av sina uppgifter',
  ],
  'gdpr.erasure_confirmed': [
    'Confirmed an erasure request',
    'Vahvisti poistopyynnön',
    'Bekräftade en raderingsbegäran',
  ],
  'gdpr.erasure_refused': [
    'Refused an erasure request',
    'Hylkäsi poistopyynnön',
    'Avslog en raderingsbegäran',
  ],
  'gdpr.erased': [
    "A person's data was erased",
    'Henkilön tiedot poistettiin',
    'En persons uppgifter raderades',
  ],
  'retention.changed': [
    'Changed how long data is kept',
    'Muutti tietojen säilytysaikoja',
    'Ändrade hur länge uppgifter sparas',
  ],
  'retention.dry_run': [
    'Checked what retention would remove',
    'Tarkisti, mitä säilytysajat poistaisivat',
    'Kontrollerade vad lagringstiderna skulle ta bort',
  ],
  'retention.applied': [
    'Old data was removed as retention requires',
    'Vanhat tiedot poistettiin säilytysaikojen mukaan',
    'Gamla uppgifter togs bort enligt lagringstiderna',
  ],
  'import.apartments': ['Imported apartments', 'Toi huoneistoja', 'Importerade lägenheter'],
  'apikey.create': ['Created an API key', 'Loi API-avaimen', 'Skapade en API-nyckel'],
  'apikey.revoke': ['Revoked an API key', 'Perui API-avaimen', 'Återkallade en API-nyckel'],
}

/** When an action has no phrase of its own: what its area is about. */
const AREAS: Record<string, Phrase> = {
  finance: ['Changed finance records', 'Muutti taloustietoja', 'Ändrade ekonomiuppgifter'],
  meter: ['Changed meters or readings', 'Muutti mittareita tai lukemia', 'Ändrade mätare eller avläsningar'],
  booking: ['Changed bookable resources', 'Muutti varattavia kohteita', 'Ändrade bokningsbara resurser'],
  kb: ['Changed the knowledge base', 'Muutti tietopankkia', 'Ändrade kunskapsbanken'],
  materials: ['Changed partner materials', 'Muutti kumppanimateriaaleja', 'Ändrade partnermaterial'],
  holdings: ["Changed the portfolio's holdings", 'Muutti salkun omistuksia', 'Ändrade portföljens innehav'],
  folder: ['Changed document folders', 'Muutti kansioita', 'Ändrade mappar'],
  communication: ['Changed a mass communication', 'Muutti joukkoviestiä', 'Ändrade ett massutskick'],
  announcement: ['Changed an announcement', 'Muutti tiedotetta', 'Ändrade ett meddelande'],
  import: ['Imported data', 'Toi tietoja', 'Importerade uppgifter'],
  event: ['Changed an event', 'Muutti tapahtumaa', 'Ändrade ett evenemang'],
}
const OTHER: Phrase = ['Made a change', 'Teki muutoksen', 'Gjorde en ändring']
const INDEX: Record<Language, 0 | 1 | 2> = { en: 0, fi: 1, sv: 2 }

const nameIn = (details: Record<string, unknown>): string | null => {
  for (const key of ['name', 'title', 'number', 'label'])
    if (typeof details[key] === 'string' && details[key]) return details[key] as string
  return null
}

export function describeActivity(
  language: Language,
  entry: { action: string; details: Record<string, unknown> },
): string {
  const phrase = PHRASES[entry.action] ?? AREAS[entry.action.split('.')[0] ?? ''] ?? OTHER
  const details = entry.details ?? {}
  // A sign-in names its device ("Firefox on Linux"), its address and the place a configured
  // lookup gave (api/auth/place.ts), each only when it was known: nothing is guessed. The
  // optional parts are settled first, so a name with brackets in it is never read as one.
  const detail = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : '')
  const device = detail('device') === 'unknown' ? '' : detail('device')
  // A dual-stack socket reports an IPv4 client as `::ffff:203.0.113.7`: people know the IPv4 form.
  const address = detail('address').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  const where = [address, detail('place')].filter(Boolean).join(', ')
  const values: Record<string, string> = { device, where }
  const text = phrase[INDEX[language]].replace(
    /\[([^\]]*)\{(\w+)\}([^\]]*)\]/g,
    (_all, before: string, key: string, after: string) =>
      values[key] ? `${before}${values[key]}${after}` : '',
  )
  const name = nameIn(details)
  return name ? text.replace('{name}', `“${name}”`) : text.replace(/ ?\{name\}/, '')
}
