import { createAsync, revalidate, useParams, useSearchParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import type { AvailabilityCell, Interval } from '../../../schema/bookings.ts'
import { language, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { IconCalendarPlus } from '../ui/icons.ts'
import { Page } from '../ui/Page.tsx'
import { BookDialog } from './BookDialog.tsx'
import {
  type Booking,
  formatInterval,
  getMine,
  getOverview,
  getWeek,
  type Overview,
  type Resource,
} from './data.ts'
import { bookingIcsUrl } from './ics.ts'
import { useLiveCalendar } from './liveCalendar.ts'
import { FeedLink, MyBookings } from './MyBookings.tsx'
import { StaffResources } from './StaffResources.tsx'
import { cellState, WeekView } from './WeekView.tsx'

/**
 * /org/:orgId/bookings?resource=&week=: pick a resource by category, see its week live, book in
 * two taps (a free slot, then confirm), and manage one's own bookings and calendar feed.
 */
export function BookingsPage() {
  const params = useParams<{ orgId: string }>()
  const [search, setSearch] = useSearchParams<{ resource?: string; week?: string }>()
  const overview = createAsync(() => getOverview(params.orgId))
  // In the picker's order: categories by position, then resources by name.
  const bookable = (o: Overview) =>
    o.categories.flatMap((c) => o.resources.filter((r) => r.active && r.categoryId === c.id))
  const resource = createMemo(() => {
    const o = overview()
    if (!o) return undefined
    const list = bookable(o)
    return list.find((r) => r.id === search.resource) ?? list[0]
  })
  return (
    <Page title={t('bookings.title')} intro={t('bookings.intro')} wide>
      {/* Keyed: children get the value, so nothing reads a stale accessor while the route changes. */}
      <Show when={overview()} keyed>
        {(o) => (
          <>
            <Show when={bookable(o).length > 0} fallback={<p class="empty">{t('bookings.noResources')}</p>}>
              <ResourcePicker
                overview={o}
                selected={resource()?.id}
                onSelect={(id) => setSearch({ resource: id })}
              />
              <Show when={resource()} keyed>
                {(r) => (
                  <ResourceWeek
                    orgId={params.orgId}
                    resource={r}
                    week={search.week}
                    onWeek={(week) => setSearch({ week })}
                    canBook={o.abilities.includes('bookings.create')}
                    apartments={o.myApartments}
                  />
                )}
              </Show>
            </Show>
            <MyBookings orgId={params.orgId} />
            <FeedLink />
          </>
        )}
      </Show>
      {/* Outside the keyed block: saving a rule refreshes the overview, and the open editor must
          stay open. Keyed on the organisation only. */}
      <Show when={overview()?.abilities.includes('bookings.manage') ? params.orgId : undefined} keyed>
        {(orgId) => <StaffResources orgId={orgId} overview={overview() as Overview} />}
      </Show>
    </Page>
  )
}

function ResourcePicker(props: {
  overview: Overview
  selected: string | undefined
  onSelect: (id: string) => void
}) {
  const groups = () =>
    props.overview.categories
      .map((c) => ({
        category: c,
        resources: props.overview.resources.filter((r) => r.active && r.categoryId === c.id),
      }))
      .filter((g) => g.resources.length > 0)
  return (
    <nav class="picker" aria-label={t('bookings.resources')}>
      <For each={groups()}>
        {(g) => (
          <section class="picker__group" aria-labelledby={`cat-${g.category.id}`}>
            <h2 class="picker__category" id={`cat-${g.category.id}`}>
              {g.category.name}
            </h2>
            <ul class="picker__list">
              <For each={g.resources}>
                {(r) => (
                  <li>
                    <button
                      type="button"
                      class="chip"
                      aria-pressed={props.selected === r.id}
                      onClick={() => props.onSelect(r.id)}
                    >
                      {r.name}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </section>
        )}
      </For>
    </nav>
  )
}

function ResourceWeek(props: {
  orgId: string
  resource: Resource
  week: string | undefined
  canBook: boolean
  apartments: ReadonlyArray<{ id: string; number: string }>
  onWeek: (week: string) => void
}) {
  const live = useLiveCalendar(props.orgId, props.resource.id)
  const week = createAsync(() => getWeek(props.orgId, props.resource.id, props.week))
  const mine = createAsync(() => getMine(props.orgId))
  const [pick, setPick] = createSignal<Interval>()
  const [done, setDone] = createSignal<string>()
  const [lastBooking, setLastBooking] = createSignal<Booking>()
  const ownHere = () => (mine()?.bookings ?? []).filter((b) => b.resourceId === props.resource.id)
  // Someone's booking (maybe ours, from another device) changed the calendar: refresh "mine".
  let seen = -1
  createMemo(() => {
    const count = live.taken().length
    if (seen !== -1 && count !== seen) void revalidate(getMine.key)
    seen = count
  })
  const state = (cell: AvailabilityCell) =>
    cellState(cell, { synced: live.synced(), taken: live.taken() }, ownHere())
  return (
    <div class="resource-week">
      <div class="resource-week__head">
        <h2>{props.resource.name}</h2>
        <span class="live" classList={{ 'live--on': live.synced() }} role="status">
          {live.synced() ? t('bookings.live') : t('bookings.connecting')}
        </span>
      </div>
      <Show when={props.resource.description}>
        <p class="muted">{props.resource.description}</p>
      </Show>
      <Show when={done()}>
        <Alert kind="success">
          <span class="booked">
            {done()}
            <Show when={lastBooking()} keyed>
              {(booking) => (
                <a
                  class="button button--secondary button--small"
                  href={bookingIcsUrl(booking)}
                  download={`${booking.resourceName}.ics`}
                >
                  <IconCalendarPlus size={18} />
                  {t('bookings.addToCalendar')}
                </a>
              )}
            </Show>
          </span>
        </Alert>
      </Show>
      <Show when={week()} keyed>
        {(w) => (
          <WeekView
            week={w.week}
            days={w.days}
            state={state}
            canBook={props.canBook}
            onWeek={props.onWeek}
            onPick={(cell) => {
              setDone(undefined)
              setLastBooking(undefined)
              setPick({ start: cell.start, end: cell.end })
            }}
          />
        )}
      </Show>
      <BookDialog
        orgId={props.orgId}
        resource={props.resource}
        pick={pick()}
        apartments={props.apartments}
        onDone={(booking) => {
          setPick(undefined)
          if (!booking) return
          setLastBooking(booking)
          setDone(
            t('bookings.booked', {
              resource: booking.resourceName,
              time: formatInterval(booking, language()),
            }),
          )
          void revalidate([getMine.key, getWeek.key])
        }}
      />
    </div>
  )
}
