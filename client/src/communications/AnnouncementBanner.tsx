import { createResource, For, Show } from 'solid-js'
import type { AnnouncementView } from '../../../schema/communications/api.ts'
import { language, t } from '../i18n/index.ts'
import { dismissAnnouncement, getActiveAnnouncements } from './data.ts'
import { announcementsChanged, messagesChanged } from './live.ts'

/**
 * The banner of announcements open now, above every page: in the reader's language, live (a
 * new one appears without reloading), dismissible unless critical. A critical or warning one is
 * announced to screen readers (role="alert"), information politely (role="status").
 */
export function AnnouncementBanner() {
  const [list, { mutate }] = createResource(
    () => announcementsChanged() + messagesChanged(),
    () =>
      getActiveAnnouncements()
        .then((r) => r.announcements)
        .catch(() => [] as AnnouncementView[]),
  )
  const shown = () => (list() ?? []).filter((a) => !a.dismissed)
  const dismiss = async (id: string) => {
    await dismissAnnouncement(id).catch(() => undefined)
    mutate((all) => (all ?? []).map((a) => (a.id === id ? { ...a, dismissed: true } : a)))
  }
  return (
    <Show when={shown().length > 0}>
      <section class="announcements" aria-label={t('communications.bannerLabel')}>
        <For each={shown()}>
          {(a) => {
            const text = () => a.texts[language()] ?? a.texts.fi
            return (
              <div
                class={`announcement announcement--${a.severity}`}
                role={a.severity === 'info' ? 'status' : 'alert'}
                data-testid="announcement"
              >
                <div class="announcement__text">
                  <strong>{text().title}</strong>
                  <Show when={text().body}>
                    <span> {text().body}</span>
                  </Show>
                </div>
                <Show when={a.severity !== 'critical'}>
                  <button
                    type="button"
                    class="button button--small announcement__close"
                    aria-label={t('communications.dismissNamed', { title: text().title })}
                    onClick={() => void dismiss(a.id)}
                  >
                    {t('communications.dismiss')}
                  </button>
                </Show>
              </div>
            )
          }}
        </For>
      </section>
    </Show>
  )
}
