import type { workQueueEn } from './en.ts'

export const workQueueFi: typeof workQueueEn = {
  nav: 'Työjono',
  title: 'Työjono',
  intro: 'Kaikkien hoitamiesi taloyhtiöiden avoimet tapaukset. Nuolinäppäimet tai J/K liikkuvat, Enter avaa.',
  bucket: {
    all: 'Kaikki avoimet',
    unassigned: 'Vastuuttomat',
    mine: 'Minulle osoitetut',
    overdue: 'Myöhässä',
    waiting: 'Odottaa vastausta',
    unread: 'Lukemattomia viestejä',
  },
  filters: 'Rajaa jonoa',
  cooperative: 'Taloyhtiö',
  allCooperatives: 'Kaikki taloyhtiöt',
  search: 'Hae otsikoista',
  empty: 'Ei mitään tässä. Uudet tapaukset ilmestyvät itsestään.',
  noOrgs: 'Et hoida minkään taloyhtiön tapauksia.',
  truncated: 'Näytetään ensimmäiset {{ n }}: rajaa hakua tai näytä lisää.',
  more: 'Näytä {{ n }} lisää',
  count: '{{ n }} avoinna',
  due: 'määräpäivä {{ date }}',
  unassignedTag: 'ei vastuuhenkilöä',
  overdueTag: 'myöhässä',
  unreadTag: 'lukematon',
  listLabel: 'Taloyhtiön {{ org }} tapaukset',
}
