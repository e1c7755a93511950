import { A, useParams } from '@solidjs/router'
import { createResource, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { getOrgEvents } from './data.ts'
import { EventList } from './EventList.tsx'

/** /org/:orgId/events: the organisation's upcoming events the person may see; organisers create. */
export function EventsPage() {
  const params = useParams<{ orgId: string }>()
  const [list] = createResource(() => params.orgId, getOrgEvents)
  return (
    <Page title={t('events.title')} intro={t('events.intro')}>
      <Show when={list()?.abilities.create}>
        <p>
          <A class="button button--primary" href={`/org/${params.orgId}/events/new`}>
            {t('events.newEvent')}
          </A>
        </p>
      </Show>
      <Show when={list.error}>
        <Alert kind="error">{errorMessage(list.error)}</Alert>
      </Show>
      <Show
        when={list()}
        fallback={
          <Show when={!list.error}>
            <Loading />
          </Show>
        }
      >
        {(l) => <EventList events={l().events} />}
      </Show>
    </Page>
  )
}
