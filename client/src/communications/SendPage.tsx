import { useParams } from '@solidjs/router'
import { createResource, For, onCleanup, Show } from 'solid-js'
import { DELIVERY_STATUSES, type SendDetail } from '../../../schema/communications/api.ts'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { formatDateTime, t, tPlural } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { cancelSendAction, getSend, lettersUrl, retrySendAction } from './data.ts'

const REFRESH_MS = 1500

/**
 * /org/:orgId/communications/:sendId: totals per status and channel, moving as the worker
 * delivers (fetched again every 1.5 s while anything is queued), failures first with their
 * reason, cancel before sending, retry failures, and the letters to print.
 */
export function SendPage() {
  const params = useParams<{ orgId: string; sendId: string }>()
  const [send, { refetch }] = createResource(
    () => [params.orgId, params.sendId] as const,
    ([orgId, id]) => getSend(orgId, id),
  )
  const timer = setInterval(() => {
    const s = send()
    if (
      !s ||
      s.totals.queued > 0 ||
      (s.letterPages === null && s.perChannel.some((c) => c.channel === 'letter'))
    )
      void refetch()
  }, REFRESH_MS)
  onCleanup(() => clearInterval(timer))
  const cancelling = useMutation(cancelSendAction)
  const retrying = useMutation(retrySendAction)
  const form = { message: () => cancelling.message() ?? retrying.message() }
  type Change = { run: (orgId: string, id: string) => Promise<unknown>; reset: () => void }
  const act = (mutation: Change, other: Change) => async () => {
    other.reset()
    await mutation.run(params.orgId, params.sendId)
    await refetch()
  }
  return (
    <Page title={send()?.subject ?? t('communications.sendTitle')} wide>
      <Show when={send()}>
        {(s) => (
          <SendBody send={s()} onCancel={act(cancelling, retrying)} onRetry={act(retrying, cancelling)} />
        )}
      </Show>
      <FormError message={form.message()} />
    </Page>
  )
}

function SendBody(props: { send: SendDetail; onCancel: () => void; onRetry: () => void }) {
  const s = () => props.send
  const statuses = () => DELIVERY_STATUSES.filter((k) => s().totals[k] > 0)
  return (
    <>
      <p class="muted">
        {s().senderName} · {formatDateTime(s().createdAt)}
        <Show when={Date.parse(s().scheduledAt) > Date.parse(s().createdAt) + 60_000}>
          {' '}
          · {t('communications.scheduledFor', { at: formatDateTime(s().scheduledAt) })}
        </Show>
        <Show when={s().cancelledAt}> · {t('communications.cancelled')}</Show>
      </p>
      <p class="send__body">{s().body}</p>
      <AttachmentsSection
        orgId={s().orgId}
        kind="communication"
        ownerId={s().id}
        title={t('communications.attachments')}
        headingLevel={2}
      />
      <h2>{t('communications.totals')}</h2>
      <ul class="status-totals" data-testid="send-totals" aria-live="polite">
        <For each={statuses()}>
          {(k) => (
            <li class={`status-pill status-pill--${k}`} data-status={k}>
              {t(`communications.statuses.${k}`)}: {s().totals[k]}
            </li>
          )}
        </For>
      </ul>
      <div class="actions">
        <Show when={s().canCancel}>
          <button type="button" class="button" onClick={() => props.onCancel()}>
            {t('communications.cancel')}
          </button>
        </Show>
        <Show when={s().totals.failed > 0}>
          <button type="button" class="button" onClick={() => props.onRetry()}>
            {t('communications.retry')}
          </button>
        </Show>
        <Show when={s().letterPages}>
          {(pages) => (
            <a class="button" href={lettersUrl(s().orgId, s().id)} download="">
              {tPlural('communications.letters', pages())}
            </a>
          )}
        </Show>
      </div>
      <h2>{t('communications.deliveries')}</h2>
      <TableWrap label={t('communications.deliveries')}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('communications.recipient')}</th>
              <th scope="col">{t('communications.channel')}</th>
              <th scope="col">{t('communications.status')}</th>
              <th scope="col">{t('communications.attempts')}</th>
              <th scope="col">{t('communications.error')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={s().deliveries}>
              {(d) => (
                <tr>
                  <td>{d.name}</td>
                  <td>{t(`communications.channels.${d.channel}`)}</td>
                  <td>{t(`communications.statuses.${d.status}`)}</td>
                  <td>{d.attempts}</td>
                  <td>{d.lastError ?? ''}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}
