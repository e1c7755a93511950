import { useNavigate, useParams } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { createEvent } from './data.ts'
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
        save={async (v) => {
          const created = await createEvent(params.orgId, {
            ...v,
            audience: v.audience ?? { segments: [{}] },
          })
          navigate(`/org/${params.orgId}/events/${created.id}`)
        }}
      />
    </Page>
  )
}
