import type { workQueueEn } from './en.ts'

export const workQueueSv: typeof workQueueEn = {
  nav: 'Arbetskö',
  title: 'Arbetskö',
  intro: 'Öppna ärenden i alla bolag du sköter. Piltangenterna eller J/K flyttar, Enter öppnar.',
  bucket: {
    all: 'Alla öppna',
    unassigned: 'Utan ansvarig',
    mine: 'Tilldelade mig',
    overdue: 'Försenade',
    waiting: 'Väntar på svar',
    unread: 'Olästa meddelanden',
  },
  filters: 'Avgränsa kön',
  cooperative: 'Bostadsbolag',
  allCooperatives: 'Alla bostadsbolag',
  search: 'Sök i rubriker',
  empty: 'Inget här. Nya ärenden dyker upp av sig själva.',
  noOrgs: 'Du sköter inga bolags ärenden.',
  truncated: 'Visar de första {{ n }}: avgränsa eller visa fler.',
  more: 'Visa {{ n }} till',
  count: '{{ n }} öppna',
  due: 'senast {{ date }}',
  unassignedTag: 'utan ansvarig',
  overdueTag: 'försenad',
  unreadTag: 'oläst',
  listLabel: 'Ärenden i {{ org }}',
}
