import type { gdprEn } from './en.ts'

export const gdprSv: typeof gdprEn = {
  link: 'Mina uppgifter',
  title: 'Mina uppgifter',
  intro: 'Ladda ner en kopia av allt Kotipiha har om dig, eller begär att det raderas.',
  exportTitle: 'En kopia av mina uppgifter',
  exportIntro:
    'Kopian sammanställs i bakgrunden: din profil, dina medlemskap, dina meddelanden och deras tidigare versioner, felanmälningar, bokningar, avläsningar, aviseringar, aktivitetshistorik och filerna du laddat upp, som JSON och CSV i en zip-fil. Vi mejlar dig när den är klar; nedladdningen fungerar i 24 timmar.',
  exportButton: 'Sammanställ en kopia av mina uppgifter',
  exportAsked: 'Kopian sammanställs. Vi mejlar dig när den är klar.',
  exportsCaption: 'Mina kopior',
  requested: 'Begärd',
  state: 'Läge',
  status: {
    queued: 'Väntar',
    running: 'Sammanställs ({{ progress }} %)',
    ready: 'Klar',
    failed: 'Misslyckades: begär på nytt',
    expired: 'Utgången',
  },
  download: 'Ladda ner kopian från {{ date }}',
  validUntil: 'till {{ date }}',
  none: 'Inga begärda kopior.',
  erasureTitle: 'Radera mina uppgifter',
  erasureIntro:
    'Ditt konto blir ”Tidigare boende”: ditt namn, din e-post, ditt telefonnummer, dina medlemskap och bilagor du laddat upp tas bort. Fakturor, händelseloggen och protokoll sparas som lagen kräver. Personalen i var och en av dina organisationer bekräftar först begäran.',
  removeMessages: 'Ta också bort texten i meddelanden jag skrivit (samtalen behåller sin form)',
  erasureButton: 'Begär radering',
  erasureConfirmTitle: 'Radera dina uppgifter?',
  erasureConfirmText: 'När alla organisationer har bekräftat loggas du ut och kan inte logga in igen.',
  erasureWaiting: 'Din raderingsbegäran väntar på bekräftelse från {{ n }} organisationer.',
  withdraw: 'Återkalla begäran',
  withdrawn: 'Begäran återkallades.',
  erased: 'Dina uppgifter raderades.',
}
