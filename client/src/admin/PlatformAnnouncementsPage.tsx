import { createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import type { PlatformAnnouncementStatus } from '../../../schema/communications/api.ts'
import { AnnouncementForm } from '../communications/AnnouncementForm.tsx'
import {
  getPlatformAnnouncements,
  platformAnnouncementReach,
  withdrawAnnouncement,
} from '../communications/data.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { keptRows } from '../ui/keptRows.ts'
import { Page } from '../ui/Page.tsx'
import { OrgPicker } from './OrgPicker.tsx'

/**
 * /admin/announcements, platform admins: publish a platform-wide announcement (a critical one
 * also goes by email and SMS to everyone, by their preferences, one message per person) and
 * follow its delivery: the fan-out into per-organisation sends and the counts per channel. The
 * list refreshes every 5 s while anything is still on its way. Before publishing, it may be limited
 * to some organisations (OrgPicker) and the form shows whom it reaches.
 */
export function PlatformAnnouncementsPage() {
  const [list, { refetch }] = createResource(getPlatformAnnouncements, { storage: keptRows })
  // null: everyone; a list: only those organisations (an empty one is refused by the server).
  const [orgIds, setOrgIds] = createSignal<string[] | null>(null)
  const busy = (a: PlatformAnnouncementStatus) =>
    a.fanout === 'pending' || a.fanout === 'running' || a.perChannel.some((c) => c.totals.queued > 0)
  const timer = setInterval(() => {
    if (list()?.announcements.some(busy)) void refetch()
  }, 5000)
  onCleanup(() => clearInterval(timer))
  return (
    <Page title={t('communications.platformTitle')} intro={t('communications.platformIntro')}>
      <section aria-labelledby="platform-new-heading">
        <h2 id="platform-new-heading">{t('communications.newAnnouncement')}</h2>
        <AnnouncementForm
          onPublished={() => void refetch()}
          extra={() => {
            const ids = orgIds()
            return ids ? { orgIds: ids } : {}
          }}
          reach={platformAnnouncementReach}
        >
          <p class="muted">{t('communications.platformCriticalNote')}</p>
          <OrgPicker value={orgIds} onChange={setOrgIds} />
        </AnnouncementForm>
      </section>
      <section aria-labelledby="platform-list-heading">
        <h2 id="platform-list-heading">{t('communications.announcementsTitle')}</h2>
        <Show
          when={(list()?.announcements.length ?? 0) > 0}
          fallback={<p class="empty">{t('communications.platformNone')}</p>}
        >
          <ul class="sends" aria-live="polite">
            <For each={list()?.announcements ?? []}>
              {(a) => (
                <li class="send-row" data-announcement={a.id}>
                  <strong>{a.title}</strong>{' '}
                  <span class="muted">
                    {t(`communications.severities.${a.severity}`)} · {formatDateTime(a.startsAt)}–
                    {formatDateTime(a.endsAt)}
                    <Show when={a.withdrawn}> · {t('communications.withdrawn')}</Show>
                    <Show when={a.orgIds}>
                      {(ids) => <> · {t('communications.limitedTo', { count: ids().length })}</>}
                    </Show>
                  </span>
                  <Show when={a.severity === 'critical'}>
                    <p class="platform-delivery">
                      {t(`communications.fanout.${a.fanout}`, { sends: a.sends, people: a.recipients })}
                      <For each={a.perChannel}>
                        {(c) => (
                          <span data-channel={c.channel}>
                            {' · '}
                            {t(`communications.channels.${c.channel}`)}: {t('communications.statuses.sent')}{' '}
                            {c.totals.sent + c.totals.delivered + c.totals.read},{' '}
                            {t('communications.statuses.queued')} {c.totals.queued},{' '}
                            {t('communications.statuses.failed')} {c.totals.failed}
                          </span>
                        )}
                      </For>
                    </p>
                  </Show>
                  <Show when={!a.withdrawn}>
                    <button
                      type="button"
                      class="button button--small"
                      aria-label={t('communications.withdrawNamed', { title: a.title })}
                      onClick={async () => {
                        await withdrawAnnouncement(a.id)
                        await refetch()
                      }}
                    >
                      {t('communications.withdraw')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Page>
  )
}
