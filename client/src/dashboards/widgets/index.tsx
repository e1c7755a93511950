import type { JSX } from 'solid-js'
import type { WidgetKind } from '../../../../schema/dashboards/widgets.ts'
import { BookingsWidget, FinanceWidget, MessagesWidget, MeterRoundWidget } from './LifeWidgets.tsx'
import { ContactsWidget, LinksWidget, MyApartmentWidget } from './PlaceWidgets.tsx'
import { CasesWidget, TasksWidget, WorkQueueWidget } from './WorkWidgets.tsx'

/** Which component draws each widget kind; `financeStaff` picks the cooperative's or my own finances. */
export function widgetContent(kind: WidgetKind, orgId: string, financeStaff: boolean): JSX.Element {
  switch (kind) {
    case 'contacts':
      return <ContactsWidget orgId={orgId} />
    case 'links':
      return <LinksWidget orgId={orgId} />
    case 'myApartment':
      return <MyApartmentWidget orgId={orgId} />
    case 'cases':
      return <CasesWidget orgId={orgId} />
    case 'workQueue':
      return <WorkQueueWidget orgId={orgId} />
    case 'tasks':
      return <TasksWidget orgId={orgId} />
    case 'bookings':
      return <BookingsWidget orgId={orgId} />
    case 'announcements':
      return <MessagesWidget orgId={orgId} />
    case 'meterRound':
      return <MeterRoundWidget orgId={orgId} />
    case 'finance':
      return <FinanceWidget orgId={orgId} staff={financeStaff} />
  }
}
