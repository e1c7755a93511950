import { createAsync, revalidate, useParams, useSearchParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import type { AvailabilityCell, Interval } from '../../../schema/bookings.ts'
import { language, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { IconCalendarPlus } from '../ui/icons.ts'
import { nameIn } from '../ui/localName.ts'
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
  todayInHelsinki,
} from './data.ts'
import { bookingIcsUrl } from './ics.ts'
import { useLiveCalendar } from './liveCalendar.ts'
import { MonthView } from './MonthView.tsx'
import { FeedLink, MyBookings } from './MyBookings.tsx'
import { NextFree } from './NextFree.tsx'
import { StaffResources } from './StaffResources.tsx'
import { type CalendarView, isView, rangeOf, stepOf, VIEWS } from './views.ts'
import { cellState, WeekView } from './WeekView.tsx'

/**
 * /org/:orgId/bookings?resource=&view=&week=: pick a resource by category (each says when it is
 * next free), see its day, week or month live (`week` is the first day shown, or a day of the
 * month), book in two taps (a free slot, then confirm), and manage one's own bookings and
 * calendar feed.
 */
export function BookingsPage() {
  const params = useParams<{ orgId: string }>()
  const [search, setSearch] = useSearchParams<{ resource?: string; week?: string; view?: string }>()
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
                orgId={params.orgId}
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
                    view={isView(search.view) ? search.view : 'week'}
                    onWeek={(week) => setSearch({ week })}
                    onView={(view, week) => setSearch({ view, week })}
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
  orgId: string
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
              {nameIn(g.category)}
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
                      <span class="chip__name">{r.name}</span>
                      <NextFree orgId={props.orgId} resource={r} closed={props.overview.closed} />
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
  view: CalendarView
  canBook: boolean
  apartments: ReadonlyArray<{ id: string; number: string }>
  onWeek: (week: string) => void
  onView: (view: CalendarView, week: string | undefined) => void
}) {
  const live = useLiveCalendar(props.orgId, props.resource.id)
  const anchor = () => props.week ?? todayInHelsinki()
  const week = createAsync(() => {
    const range = rangeOf(props.view, anchor())
    return getWeek(props.orgId, props.resource.id, range.from, range.days)
  })
  // Only an answer for the view and days asked: while another loads, the old one (a week's
  // seven days under the month's title) is not shown.
  const shown = () => {
    const w = week()
    const range = rangeOf(props.view, anchor())
    return w && w.week === range.from && w.days.length === range.days ? w : undefined
  }
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
      <ViewSwitch
        view={props.view}
        // The month shown stays; a day or week opens on the day shown when it is still ahead
        // (a month's anchor is its first day, often past), otherwise on today.
        onView={(view) =>
          props.onView(
            view,
            view === 'month' || (props.week ?? '') > todayInHelsinki() ? props.week : undefined,
          )
        }
      />
      <Show when={shown()} keyed>
        {(w) => (
          <Show
            when={props.view !== 'month'}
            fallback={
              <MonthView
                // The month of the answer, not of the address: while the next month loads, the
                // grid and its title stay together. Its seventh day is always in the month.
                month={w.days[6]?.date ?? anchor()}
                days={w.days}
                state={state}
                step={(direction) => stepOf('month', w.days[6]?.date ?? anchor(), direction)}
                onMonth={props.onWeek}
                onDay={(date) => props.onView('day', date)}
              />
            }
          >
            <WeekView
              week={w.week}
              span={props.view === 'day' ? 'day' : 'week'}
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
          </Show>
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

/** Day, week or month: a group of toggle buttons (the pressed one is the view shown). */
function ViewSwitch(props: { view: CalendarView; onView: (view: CalendarView) => void }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar-like set of toggles, not a form's fieldset
    <div class="view-switch" role="group" aria-label={t('bookings.view.label')}>
      <For each={VIEWS}>
        {(view) => (
          <button
            type="button"
            class="view-switch__button"
            aria-pressed={props.view === view}
            onClick={() => props.view !== view && props.onView(view)}
          >
            {t(`bookings.view.${view}`)}
          </button>
        )}
      </For>
    </div>
  )
}
