import { useNavigate, useParams } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { EventForm } from './EventForm.tsx'

/** /org/:orgId/events/new: the event form (EventForm.tsx), then the new event's page. */
export function NewEventPage() {
  const params = useParams<{ orgId: string }>()
  const navigate = useNavigate()
  return (
    <Page title={t('events.newTitle')}>
      <EventForm
        orgId={params.orgId}
        submitLabel={t('events.create')}
        target={{ orgId: params.orgId }}
        onSaved={(id) => navigate(`/org/${params.orgId}/events/${id}`)}
      />
    </Page>
  )
}
