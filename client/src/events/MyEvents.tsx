import { createResource, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { getMyEvents } from './data.ts'
import { EventList } from './EventList.tsx'

/** "My upcoming events" across organisations (the home page shows it too). */
export function MyEvents() {
  const [mine] = createResource(getMyEvents)
  return (
    <Show when={(mine()?.events.length ?? 0) > 0}>
      <section class="my-events" aria-labelledby="my-events-title">
        <h2 id="my-events-title">{t('events.mine')}</h2>
        <EventList events={mine()?.events.slice(0, 5) ?? []} showOrg />
      </section>
    </Show>
  )
}
