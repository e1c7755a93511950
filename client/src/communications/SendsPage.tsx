import { A, useParams } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { formatDateTime, t, tPlural } from '../i18n/index.ts'
import { keptRows } from '../ui/keptRows.ts'
import { Page } from '../ui/Page.tsx'
import { AnnouncementForm } from './AnnouncementForm.tsx'
import { getOrgAnnouncements, getSends, orgAnnouncementReach, withdrawAnnouncement } from './data.ts'

/** /org/:orgId/communications: the organisation's sends with their totals, and its announcements. */
export function SendsPage() {
  const params = useParams<{ orgId: string }>()
  const [sends] = createResource(() => params.orgId, getSends)
  return (
    <Page title={t('communications.sendsTitle')} intro={t('communications.sendsIntro')}>
      <p>
        <A class="button button--primary" href={`/org/${params.orgId}/communications/new`}>
          {t('communications.newSend')}
        </A>
      </p>
      <Show when={sends()}>
        {(s) => (
          <Show when={s().sends.length > 0} fallback={<p class="empty">{t('communications.noSends')}</p>}>
            <ul class="sends">
              <For each={s().sends}>
                {(send) => (
                  <li class="send-row">
                    <A href={`/org/${params.orgId}/communications/${send.id}`}>{send.subject}</A>
                    <span class="muted">
                      {' '}
                      · {formatDateTime(send.createdAt)} ·{' '}
                      {tPlural('communications.previewCount', send.recipients)}
                      {' · '}
                      {t('communications.statuses.sent')}{' '}
                      {send.totals.sent + send.totals.read + send.totals.delivered},{' '}
                      {t('communications.statuses.queued')} {send.totals.queued}
                      <Show when={send.totals.failed > 0}>
                        , {t('communications.statuses.failed')} {send.totals.failed}
                      </Show>
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Announcements orgId={params.orgId} />
    </Page>
  )
}

function Announcements(props: { orgId: string }) {
  const [list, { refetch }] = createResource(() => props.orgId, getOrgAnnouncements, { storage: keptRows })
  return (
    <section aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">{t('communications.announcementsTitle')}</h2>
      <ul class="sends">
        <For each={list()?.announcements ?? []}>
          {(a) => (
            <li class="send-row">
              <strong>{a.texts.fi.title}</strong>{' '}
              <span class="muted">
                {t(`communications.severities.${a.severity}`)} · {formatDateTime(a.startsAt)}–
                {formatDateTime(a.endsAt)}
              </span>{' '}
              <button
                type="button"
                class="button button--small"
                onClick={async () => {
                  await withdrawAnnouncement(a.id)
                  await refetch()
                }}
              >
                {t('communications.withdraw')}
              </button>
            </li>
          )}
        </For>
      </ul>
      <details>
        <summary>{t('communications.newAnnouncement')}</summary>
        <AnnouncementForm
          orgId={props.orgId}
          onPublished={() => void refetch()}
          reach={(q) => orgAnnouncementReach(props.orgId, q)}
        />
      </details>
    </section>
  )
}
