import { A } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { t } from '../../i18n/index.ts'
import { getInfo, getMyApartments } from '../data.ts'
import { refreshWhileVisible } from './live.ts'
import { WidgetBody } from './WidgetBody.tsx'

/** "Who do I call": the contacts with a phone number as one-tap tel: links, and the emergency number. */
export function ContactsWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(() => props.orgId, getInfo)
  refreshWhileVisible(refetch, 300_000)
  return (
    <>
      <WidgetBody
        data={data}
        isEmpty={(d) => d.info.contacts.length === 0 && !d.info.emergencyPhone}
        empty={t('dashboards.w.contactsEmpty')}
      >
        {(d) => (
          <>
            <Show when={d().info.emergencyPhone}>
              <p class="widget__emergency">
                <a href={`tel:${d().info.emergencyPhone.replace(/\s/g, '')}`}>
                  {t('dashboards.w.emergency', { phone: d().info.emergencyPhone })}
                </a>
              </p>
            </Show>
            <ul class="widget__list">
              <For each={d().info.contacts.slice(0, 4)}>
                {(c) => (
                  <li>
                    <span class="widget__label">{c.role}</span> {c.name}{' '}
                    <Show when={c.phone}>
                      <a href={`tel:${c.phone.replace(/\s/g, '')}`}>
                        <span class="visually-hidden">
                          {t('dashboards.info.call', { name: `${c.role} ${c.name}`.trim() })}{' '}
                        </span>
                        {c.phone}
                      </a>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </WidgetBody>
      <A class="widget__more" href={`/org/${props.orgId}/info`}>
        {t('dashboards.w.allInfo')}
      </A>
    </>
  )
}

/** The cooperative's external links; they open in a new tab without giving it this page (noopener). */
export function LinksWidget(props: { orgId: string }) {
  const [data] = createResource(() => props.orgId, getInfo)
  return (
    <WidgetBody data={data} isEmpty={(d) => d.links.length === 0} empty={t('dashboards.w.linksEmpty')}>
      {(d) => (
        <ul class="widget__list">
          <For each={d().links}>
            {(l) => (
              <li>
                <a href={l.url} target="_blank" rel="noopener noreferrer">
                  <span class={`link-icon link-icon--${l.icon}`} aria-hidden="true" />
                  {l.title}
                  <span class="visually-hidden"> {t('dashboards.info.newTab')}</span>
                </a>
              </li>
            )}
          </For>
        </ul>
      )}
    </WidgetBody>
  )
}

export function MyApartmentWidget(props: { orgId: string }) {
  const [data] = createResource(() => props.orgId, getMyApartments)
  return (
    <WidgetBody
      data={data}
      isEmpty={(d) => d.apartments.length === 0}
      empty={t('dashboards.w.apartmentsEmpty')}
    >
      {(d) => (
        <ul class="widget__list">
          <For each={d().apartments}>
            {(a) => (
              <li>
                <A href={`/org/${props.orgId}/apartment/${a.id}`}>
                  {a.building.name} · {a.number}
                </A>
                <span class="widget__meta"> {a.building.address}</span>
              </li>
            )}
          </For>
        </ul>
      )}
    </WidgetBody>
  )
}
