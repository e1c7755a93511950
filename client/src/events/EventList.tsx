import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { EventSummary } from '../../../schema/events/api.ts'
import { t } from '../i18n/index.ts'
import { formatWhen } from './data.ts'

/** A list of events as cards: title (a link), time in Helsinki, place, counts, my answer. */
export function EventList(props: { events: EventSummary[]; showOrg?: boolean }) {
  return (
    <Show when={props.events.length > 0} fallback={<p class="muted">{t('events.none')}</p>}>
      <ul class="event-list">
        <For each={props.events}>
          {(e) => (
            <li class="event-card" classList={{ 'event-card--cancelled': e.cancelled }}>
              <h3 class="event-card__title">
                <A href={`/org/${e.orgId}/events/${e.id}`}>{e.title}</A>
                <Show when={e.cancelled}>
                  {' '}
                  <span class="tag tag--danger">{t('events.cancelled')}</span>
                </Show>
              </h3>
              <p class="event-card__when">
                <time datetime={e.startsAt}>{formatWhen(e.startsAt, e.endsAt)}</time>
                <Show when={e.place}> · {e.place}</Show>
                <Show when={props.showOrg}> · {e.orgName}</Show>
              </p>
              <p class="muted">
                {t('events.counts', e.counts)}
                <Show when={e.myResponse}>
                  {(r) => <> · {t('events.answered', { answer: t(`events.${r()}`) })}</>}
                </Show>
              </p>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
