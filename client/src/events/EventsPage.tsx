import { A, useParams } from '@solidjs/router'
import { createResource, createSignal, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { Tabs } from '../ui/Tabs.tsx'
import { getOrgEvents } from './data.ts'
import { EventCalendar } from './EventCalendar.tsx'
import { EventList } from './EventList.tsx'

/**
 * /org/:orgId/events: the organisation's events the person may see, as a list of the upcoming
 * ones or as a month calendar (which also shows past events: fetched when it is first opened);
 * organisers create.
 */
export function EventsPage() {
  const params = useParams<{ orgId: string }>()
  const [list] = createResource(
    () => params.orgId,
    (orgId) => getOrgEvents(orgId),
  )
  const [calendarOpened, setCalendarOpened] = createSignal(false)
  const [past] = createResource(
    () => (calendarOpened() ? params.orgId : undefined),
    (orgId) => getOrgEvents(orgId, true),
  )
  return (
    <Page title={t('events.title')} intro={t('events.intro')}>
      <Show when={list()?.abilities.create}>
        <p>
          <A class="button button--primary" href={`/org/${params.orgId}/events/new`}>
            {t('events.newEvent')}
          </A>
        </p>
      </Show>
      <Show when={list.error ?? past.error}>
        {(error) => <Alert kind="error">{errorMessage(error())}</Alert>}
      </Show>
      <Show
        when={list()}
        fallback={
          <Show when={!list.error}>
            <Loading />
          </Show>
        }
      >
        {(l) => (
          <Tabs
            label={t('events.views')}
            onChange={(view) => view === 'calendar' && setCalendarOpened(true)}
            tabs={[
              {
                value: 'list',
                label: t('events.viewList'),
                content: () => <EventList events={l().events} />,
              },
              {
                value: 'calendar',
                label: t('events.viewCalendar'),
                content: () => (
                  <Show when={past()} fallback={<Loading />}>
                    {(p) => <EventCalendar events={[...p().events, ...l().events]} />}
                  </Show>
                ),
              },
            ]}
          />
        )}
      </Show>
    </Page>
  )
}
