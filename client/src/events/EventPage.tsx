import { A, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show, Suspense } from 'solid-js'
import { type EventDetail, RSVP_RESPONSES, type Rsvp } from '../../../schema/events/api.ts'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { ThreadView } from '../chat/ThreadView.tsx'
import { formatDateTime, t, tPlural } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { answer, cancelEvent, formatWhen, getEvent, getRsvps, icsUrl } from './data.ts'

/**
 * /org/:orgId/events/:eventId: when and where, the answer buttons (one pressed: the person's
 * answer), counts and places left, the ICS download, its documents (the AGM notice and minutes:
 * organisers add them, invitees open them), the event's live thread, and for organisers who
 * answered what, editing and cancelling.
 */
export function EventPage() {
  const params = useParams<{ orgId: string; eventId: string }>()
  const [detail, { mutate, refetch }] = createResource(() => params.eventId, getEvent)
  return (
    <Show
      when={detail()}
      fallback={
        <Show when={detail.error} fallback={<Loading />}>
          <Page title={t('events.title')}>
            <Alert kind="error">{errorMessage(detail.error)}</Alert>
          </Page>
        </Show>
      }
    >
      {(d) => <EventView detail={d()} onChange={(next) => mutate(next)} reload={() => void refetch()} />}
    </Show>
  )
}

function EventView(props: { detail: EventDetail; onChange: (d: EventDetail) => void; reload: () => void }) {
  const d = () => props.detail
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  const [confirming, setConfirming] = createSignal(false)
  const [rsvps, { refetch: refetchRsvps }] = createResource(
    () => (d().abilities.manage ? d().id : undefined),
    getRsvps,
  )
  const choose = async (response: Rsvp) => {
    setPending(true)
    setError(undefined)
    try {
      const r = await answer(d().id, response)
      props.onChange({ ...d(), myResponse: r.myResponse, counts: r.counts })
      if (d().abilities.manage) void refetchRsvps()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setPending(false)
    }
  }
  const full = () =>
    d().capacity !== null && d().counts.yes >= (d().capacity ?? 0) && d().myResponse !== 'yes'
  const channel = () => ({
    id: d().threadId,
    title: t('events.thread'),
    audience: 'members' as const,
    archived: d().cancelled,
    document: d().document,
    abilities: {
      write: d().abilities.write,
      moderate: d().abilities.moderate,
      history: d().abilities.moderate,
    },
  })
  return (
    <Page title={d().title}>
      <p>
        <A href={`/org/${d().orgId}/events`}>{t('events.back')}</A>
      </p>
      <Show when={d().cancelled}>
        <Alert kind="error">{t('events.cancelledNotice')}</Alert>
      </Show>
      <dl class="event-facts">
        <dt>{t('events.when')}</dt>
        <dd>
          <time datetime={d().startsAt}>{formatWhen(d().startsAt, d().endsAt)}</time>
        </dd>
        <Show when={d().place}>
          <dt>{t('events.where')}</dt>
          <dd>{d().place}</dd>
        </Show>
      </dl>
      <Show when={d().description}>
        <p class="event-description">{d().description}</p>
      </Show>
      <Show when={d().updatedAt}>
        {(at) => <p class="muted">{t('events.changedAt', { when: formatDateTime(at()) })}</p>}
      </Show>
      <p class="muted" data-testid="event-counts" aria-live="polite">
        {t('events.counts', d().counts)} · {t('events.invited', { count: d().invited })}
        <Show when={d().capacity !== null}>
          {' '}
          · {tPlural('events.seats', d().capacity ?? 0, { taken: d().counts.yes })}
        </Show>
      </p>
      <Show when={d().abilities.rsvp}>
        <fieldset class="rsvp">
          <legend class="rsvp__label">{t('events.yourAnswer')}</legend>
          <div class="rsvp__choices">
            <For each={RSVP_RESPONSES}>
              {(r) => (
                <button
                  type="button"
                  class="button rsvp__choice"
                  classList={{ 'button--secondary': d().myResponse !== r }}
                  aria-pressed={d().myResponse === r}
                  disabled={pending() || (r === 'yes' && full())}
                  onClick={() => void choose(r)}
                >
                  {t(`events.${r}`)}
                </button>
              )}
            </For>
          </div>
          <Show when={full()}>
            <p class="muted">{t('events.full')}</p>
          </Show>
        </fieldset>
      </Show>
      <Show when={error()}>{(m) => <Alert kind="error">{m()}</Alert>}</Show>
      <p>
        <a href={icsUrl(d().id)} download="event.ics">
          {t('events.addToCalendar')}
        </a>
      </p>
      {/* The event's own facts show as soon as it has loaded; what loads after it (documents,
          answers, the thread's people) fills in under boundaries of its own, and none of it holds
          the page (or the navigation to it) while it loads. */}
      <Suspense fallback={<Skeleton lines={2} />}>
        <AttachmentsSection
          orgId={d().orgId}
          kind="event"
          ownerId={d().id}
          title={t('events.attachments')}
          description={t('events.attachmentsHint')}
          headingLevel={2}
        />
      </Suspense>
      <Show when={d().abilities.manage}>
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t('events.answers')}</h2>
          <Suspense fallback={<Skeleton lines={2} />}>
            <Show
              when={(rsvps()?.rsvps.length ?? 0) > 0}
              fallback={<p class="muted">{t('events.noAnswers')}</p>}
            >
              <ul>
                <For each={rsvps()?.rsvps}>{(r) => <li>{`${r.name}: ${t(`events.${r.response}`)}`}</li>}</For>
              </ul>
            </Show>
          </Suspense>
          <Show when={!d().cancelled}>
            <p class="event-actions">
              <A class="button button--secondary" href={`/org/${d().orgId}/events/${d().id}/edit`}>
                {t('events.edit')}
              </A>{' '}
              <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
                {t('events.cancel')}
              </button>
            </p>
          </Show>
        </section>
      </Show>
      <section class="event-thread" aria-label={t('events.thread')}>
        <Suspense fallback={<Skeleton lines={3} />}>
          <ThreadView channel={channel()} embedded />
        </Suspense>
      </section>
      <ConfirmDialog
        open={confirming()}
        title={t('events.cancel')}
        message={t('events.cancelConfirm', { title: d().title })}
        confirmLabel={t('events.cancel')}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          void cancelEvent(d().id).then(() => {
            setConfirming(false)
            props.reload()
          })
        }}
      />
    </Page>
  )
}
