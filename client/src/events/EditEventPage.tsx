import { A, useNavigate, useParams } from '@solidjs/router'
import { createResource, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { getEvent } from './data.ts'
import { EventForm } from './EventForm.tsx'

/**
 * /org/:orgId/events/:eventId/edit (organisers): the event form filled in. Saving sends what is
 * in the form; the server works out what changed, tells the invitees of a new time, place or
 * text and keeps their answers, then the event's page shows it.
 */
export function EditEventPage() {
  const params = useParams<{ orgId: string; eventId: string }>()
  const navigate = useNavigate()
  const [detail] = createResource(() => params.eventId, getEvent)
  const back = () => `/org/${params.orgId}/events/${params.eventId}`
  return (
    <Page title={t('events.editTitle')}>
      <p>
        <A href={back()}>{t('events.backToEvent')}</A>
      </p>
      <Show
        when={detail()}
        fallback={
          <Show when={detail.error} fallback={<Loading />}>
            <Alert kind="error">{errorMessage(detail.error)}</Alert>
          </Show>
        }
      >
        {(d) => (
          <Show
            when={d().abilities.manage && !d().cancelled}
            fallback={<Alert kind="error">{t('events.notEditable')}</Alert>}
          >
            <EventForm
              orgId={params.orgId}
              initial={d()}
              submitLabel={t('events.save')}
              target={{ eventId: d().id }}
              onSaved={() => navigate(back())}
            />
          </Show>
        )}
      </Show>
    </Page>
  )
}
