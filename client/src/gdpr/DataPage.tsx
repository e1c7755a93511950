import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import type { ErasureRequestState, GdprExport } from '../../../schema/api/gdpr.ts'
import { api } from '../api.ts'
import { markReadByLink } from '../cases/inbox.ts'
import { formatDateTime, t, tPlural } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

/** /profile/data: the person's own data-protection rights: a copy of their data, and erasure. */
export function DataPage() {
  return (
    <Page title={t('gdpr.title')} intro={t('gdpr.intro')}>
      <ExportSection />
      <ErasureSection />
    </Page>
  )
}

/** The person's own requests; the sections refetch their own state after each. */
const exportAction = mutation(
  'gdpr-export',
  async () => {
    await api.post('/gdpr/exports')
    return true
  },
  () => [],
)
const eraseAction = mutation(
  'gdpr-erase',
  (removeMessageText: boolean) =>
    api.post<{ request: { status: string } }>('/gdpr/erasure', { removeMessageText }),
  () => [],
)
const withdrawAction = mutation(
  'gdpr-withdraw-erasure',
  async () => {
    await api.delete('/gdpr/erasure')
    return true
  },
  () => [],
)

function ExportSection() {
  const form = useMutation(exportAction)
  const [asked, setAsked] = createSignal(false)
  const [list, { refetch }] = createResource(() => api.get<{ exports: GdprExport[] }>('/gdpr/exports'))
  // While one is being prepared, its progress is polled (the worker writes it every few percent).
  const timer = setInterval(() => {
    if (list()?.exports.some((e) => e.status === 'queued' || e.status === 'running')) void refetch()
  }, 2000)
  onCleanup(() => clearInterval(timer))
  async function ask() {
    const done = await form.run()
    if (done) {
      setAsked(true)
      await refetch()
    }
  }
  const label = (e: GdprExport) =>
    e.status === 'running' ? t('gdpr.status.running', { progress: e.progress }) : t(`gdpr.status.${e.status}`)
  return (
    <section aria-labelledby="gdpr-export">
      <h2 id="gdpr-export">{t('gdpr.exportTitle')}</h2>
      <p>{t('gdpr.exportIntro')}</p>
      <FormError message={form.message()} />
      <Show when={asked()}>
        <Alert kind="success">{t('gdpr.exportAsked')}</Alert>
      </Show>
      <button type="button" class="button" disabled={form.pending()} onClick={ask}>
        {t('gdpr.exportButton')}
      </button>
      <Show when={(list()?.exports.length ?? 0) > 0} fallback={<p class="muted">{t('gdpr.none')}</p>}>
        <TableWrap label={t('gdpr.exportsCaption')}>
          <table>
            <caption class="visually-hidden">{t('gdpr.exportsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gdpr.requested')}</th>
                <th scope="col">{t('gdpr.state')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={list()?.exports}>
                {(e) => (
                  <tr data-export={e.id}>
                    <td>{formatDateTime(e.requestedAt)}</td>
                    <td aria-live="polite">
                      <Show when={e.status === 'ready'} fallback={label(e)}>
                        <a href={`/api/gdpr/exports/${e.id}/download`} download="">
                          {t('gdpr.download', { date: formatDateTime(e.requestedAt) })}
                        </a>{' '}
                        <span class="muted">
                          {t('gdpr.validUntil', { date: formatDateTime(e.expiresAt ?? '') })}
                        </span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableWrap>
      </Show>
    </section>
  )
}

interface ErasureState {
  request: ErasureRequestState | null
}

function ErasureSection() {
  const erasing = useMutation(eraseAction)
  const withdrawing = useMutation(withdrawAction)
  const form = {
    message: () => erasing.message() ?? withdrawing.message(),
    pending: () => erasing.pending() || withdrawing.pending(),
  }
  const [confirming, setConfirming] = createSignal(false)
  const [removeText, setRemoveText] = createSignal(false)
  const [notice, setNotice] = createSignal<string>()
  const [state, { refetch }] = createResource(() => api.get<ErasureState>('/gdpr/erasure'))
  async function ask() {
    withdrawing.reset()
    const res = await erasing.run(removeText())
    setConfirming(false)
    if (res?.request?.status === 'erased') window.location.assign('/login')
    else await refetch()
  }
  async function withdraw() {
    erasing.reset()
    if (await withdrawing.run()) {
      setNotice(t('gdpr.withdrawn'))
      await refetch()
    }
  }
  return (
    <section aria-labelledby="gdpr-erasure">
      <h2 id="gdpr-erasure">{t('gdpr.erasureTitle')}</h2>
      <p>{t('gdpr.erasureIntro')}</p>
      <FormError message={form.message()} />
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <Show when={state()?.request?.refusal} keyed>
        {(refusal) => <RefusalNotice refusal={refusal} />}
      </Show>
      <Show
        when={state()?.request?.status === 'pending' && state()?.request}
        fallback={
          <>
            <label class="checkbox">
              <input
                type="checkbox"
                checked={removeText()}
                onChange={(e) => setRemoveText(e.currentTarget.checked)}
              />{' '}
              {t('gdpr.removeMessages')}
            </label>
            <p>
              <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
                {t('gdpr.erasureButton')}
              </button>
            </p>
          </>
        }
      >
        {(request) => (
          <>
            <Alert kind="info">{tPlural('gdpr.erasureWaiting', request().waitingFor.length)}</Alert>
            <button type="button" class="button" disabled={form.pending()} onClick={withdraw}>
              {t('gdpr.withdraw')}
            </button>
          </>
        )}
      </Show>
      <ConfirmDialog
        open={confirming()}
        title={t('gdpr.erasureConfirmTitle')}
        message={t('gdpr.erasureConfirmText')}
        confirmLabel={t('gdpr.erasureButton')}
        danger
        pending={form.pending()}
        onConfirm={ask}
        onCancel={() => setConfirming(false)}
      />
    </section>
  )
}

/**
 * A refused request: who refused it, when and why, and that the person may ask again (the form
 * shows below it). Seeing it marks the inbox item that told them read.
 */
function RefusalNotice(props: { refusal: NonNullable<ErasureRequestState['refusal']> }) {
  onMount(() => markReadByLink('/profile/data'))
  return (
    <section class="alert alert--info gdpr-refusal" aria-labelledby="gdpr-refused">
      <h3 id="gdpr-refused">{t('gdpr.refusedTitle')}</h3>
      <p>{t('gdpr.refusedBy', { org: props.refusal.by, date: formatDateTime(props.refusal.at) })}</p>
      <p class="gdpr-refusal__reason">{t('gdpr.refusedReason', { reason: props.refusal.reason })}</p>
      <p>{t('gdpr.askAgain')}</p>
    </section>
  )
}
