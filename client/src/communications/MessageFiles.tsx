import { For, Show } from 'solid-js'
import type { InboxMessage } from '../../../schema/communications/api.ts'
import { downloadUrl, formatSize } from '../attachments/data.ts'
import { t } from '../i18n/index.ts'

/** PDF and raster images open in the browser (the server sends them inline, sandboxed). */
const VIEWABLE = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']

/**
 * A received message's files (the AGM notice): open and download, through the one attachments
 * route, which answers only the send's recipients and its organisation's senders.
 */
export function MessageFiles(props: { message: InboxMessage }) {
  return (
    <Show when={props.message.attachments.length > 0}>
      <ul
        class="attachments attachments--compact"
        aria-label={t('communications.messageFiles', { subject: props.message.subject })}
      >
        <For each={props.message.attachments}>
          {(a) => (
            <li class="attachment">
              <span class="attachment__text">
                <a
                  class="attachment__name"
                  href={downloadUrl(props.message.orgId, a.id, VIEWABLE.includes(a.mime))}
                  target="_blank"
                  rel="noopener"
                >
                  {a.name}
                </a>{' '}
                <span class="muted">{formatSize(a.size)}</span>
              </span>
              <span class="attachment__actions">
                <a class="linklike" href={downloadUrl(props.message.orgId, a.id)} download={a.name}>
                  {t('attachments.download')}
                  <span class="visually-hidden"> {a.name}</span>
                </a>
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
