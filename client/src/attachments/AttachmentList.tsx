import { For, Show } from 'solid-js'
import { language, t } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import { type AttachmentJson, downloadUrl, formatSize, thumbnailUrl } from './data.ts'

/** Raster images and PDF open in the browser (the server sends them inline, sandboxed). */
const PREVIEWABLE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']

/** Attachments with thumbnails: the picture (or name) opens a preview, "Download" saves it. */
export function AttachmentList(props: {
  orgId: string
  attachments: AttachmentJson[]
  compact?: boolean
  onRemove?: (a: AttachmentJson) => void
}) {
  const date = (iso: string) =>
    new Intl.DateTimeFormat(LOCALE[language()], { day: 'numeric', month: 'numeric', year: 'numeric' }).format(
      new Date(iso),
    )
  return (
    <ul class="attachments" classList={{ 'attachments--compact': props.compact }}>
      <For each={props.attachments}>
        {(a) => {
          const open = PREVIEWABLE.includes(a.mime)
            ? downloadUrl(props.orgId, a.id, true)
            : downloadUrl(props.orgId, a.id)
          return (
            <li class="attachment">
              <Show
                when={a.hasThumbnail}
                fallback={
                  <span class="attachment__icon" aria-hidden="true">
                    {a.mime === 'application/pdf'
                      ? 'PDF'
                      : (a.name.split('.').pop() ?? '').slice(0, 4).toUpperCase()}
                  </span>
                }
              >
                <a href={open} target="_blank" rel="noopener" class="attachment__thumb">
                  <img
                    src={thumbnailUrl(props.orgId, a.id)}
                    alt={t('attachments.thumbnailAlt', { name: a.name })}
                    loading="lazy"
                  />
                </a>
              </Show>
              <span class="attachment__text">
                <a href={open} target="_blank" rel="noopener" class="attachment__name">
                  {a.name}
                </a>
                <Show when={!props.compact}>
                  <span class="muted attachment__meta">
                    {t('attachments.meta', {
                      size: formatSize(a.size),
                      name: a.uploadedByName ?? '',
                      date: date(a.createdAt),
                    })}
                  </span>
                </Show>
              </span>
              <span class="attachment__actions">
                <a class="linklike" href={downloadUrl(props.orgId, a.id)} download={a.name}>
                  {t('attachments.download')}
                  <span class="visually-hidden"> {a.name}</span>
                </a>
                <Show when={a.canDelete && props.onRemove}>
                  <button type="button" class="linklike linklike--danger" onClick={() => props.onRemove?.(a)}>
                    {t('attachments.remove')}
                    <span class="visually-hidden"> {a.name}</span>
                  </button>
                </Show>
              </span>
            </li>
          )
        }}
      </For>
    </ul>
  )
}
