import type { gdprEn } from './en.ts'

export const gdprFi: typeof gdprEn = {
  link: 'Omat tiedot',
  title: 'Omat tiedot',
  intro: 'Lataa kopio kaikesta, mitä Kotipiha sinusta säilyttää, tai pyydä tietojesi poistamista.',
  exportTitle: 'Kopio tiedoistani',
  exportIntro:
    'Kopio kootaan taustalla: profiilisi, jäsenyytesi, viestisi ja niiden aiemmat versiot, vikailmoitukset, varaukset, lukemat, ilmoitukset, toimintahistoria ja lataamasi tiedostot JSON- ja CSV-muodossa zip-tiedostona. Saat sähköpostin, kun se on valmis; lataus toimii 24 tuntia.',
  exportButton: 'Kokoa kopio tiedoistani',
  exportAsked: 'Kopiota kootaan. Saat sähköpostin, kun se on valmis.',
  exportsCaption: 'Kopioni',
  requested: 'Pyydetty',
  state: 'Tila',
  status: {
    queued: 'Odottaa',
    running: 'Kootaan ({{ progress }} %)',
    ready: 'Valmis',
    failed: 'Epäonnistui: pyydä uudelleen',
    expired: 'Vanhentunut',
  },
  download: 'Lataa kopio {{ date }}',
  validUntil: '{{ date }} asti',
  none: 'Ei pyydettyjä kopioita.',
  erasureTitle: 'Poista tietoni',
  erasureIntro:
    'Tilisi muuttuu muotoon ”Entinen asukas”: nimesi, sähköpostisi, puhelinnumerosi, jäsenyytesi ja lataamasi liitteet poistetaan. Laskut, tapahtumaloki ja pöytäkirjat säilyvät lain vaatimalla tavalla. Kunkin organisaatiosi henkilökunta vahvistaa pyynnön ensin.',
  removeMessages: 'Poista myös kirjoittamieni viestien teksti (keskustelut säilyttävät muotonsa)',
  erasureButton: 'Pyydä tietojen poistamista',
  erasureConfirmTitle: 'Poistetaanko tietosi?',
  erasureConfirmText:
    'Kun kaikki organisaatiot ovat vahvistaneet, sinut kirjataan ulos etkä voi enää kirjautua.',
  erasureWaiting: 'Poistopyyntösi odottaa {{ n }} organisaation vahvistusta.',
  withdraw: 'Peru pyyntö',
  withdrawn: 'Pyyntö peruttiin.',
  erased: 'Tietosi poistettiin.',
}
