import { createAsync, query, useParams } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import { api } from '../api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { TextAreaField } from '../ui/Field.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { toast } from '../ui/Toast.tsx'

/** What `GET /api/orgs/:id/erasure-requests` answers (api/gdpr/orgRoutes.ts). */
interface ErasureRequest {
  id: string
  name: string
  email: string
  removeMessageText: boolean
  requestedAt: string
}

const getRequests = query(
  (orgId: string) =>
    api.get<{ requests: ErasureRequest[] }>(`/orgs/${orgId}/erasure-requests`).then((r) => r.requests),
  'erasure-requests',
)

type Decided = { status: 'pending' | 'erased' | 'refused' }
type Pending = { request: ErasureRequest; decision: 'confirm' | 'refuse' }

/** Confirming or refusing one request; the list is refreshed before the dialog closes. */
const decideAction = mutation(
  'gdpr-erasure-decide',
  (base: string, decision: 'confirm' | 'refuse', reason: string) =>
    decision === 'confirm'
      ? api.post<Decided>(`${base}/confirm`)
      : api.post<Decided>(`${base}/refuse`, { reason }),
  () => [getRequests.key],
)

/**
 * /org/:orgId/erasure-requests: the members' erasure requests waiting for this organisation
 * (docs/GDPR.md). Its admins and property managers confirm one (the erasure runs when every
 * organisation of the person has) or refuse it with a reason; both ask first, as neither is
 * undone. Others get the API's 403 (404 for another organisation) as the route's error state.
 */
export function ErasureRequestsPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const requests = createAsync(() => getRequests(params.orgId))
  const [pending, setPending] = createSignal<Pending>()
  const [reason, setReason] = createSignal('')
  const form = useMutation(decideAction)
  const title = () => (org() ? `${t('gdpr.erasures.title')} · ${org()?.name}` : t('gdpr.erasures.title'))

  function open(request: ErasureRequest, decision: Pending['decision']) {
    form.reset()
    setReason('')
    setPending({ request, decision })
  }

  async function decide() {
    const current = pending()
    if (!current) return
    const base = `/orgs/${params.orgId}/erasure-requests/${current.request.id}`
    if (current.decision === 'refuse' && reason().trim().length < 3)
      return form.setFieldProblems({ reason: t('gdpr.erasures.reasonNeeded') })
    const done = await form.run(base, current.decision, reason().trim())
    if (!done) return
    setPending(undefined)
    toast({
      message:
        done.status === 'erased'
          ? t('gdpr.erasures.erased', { name: current.request.name })
          : done.status === 'refused'
            ? t('gdpr.erasures.refused', { name: current.request.name })
            : t('gdpr.erasures.confirmedWaiting', { name: current.request.name }),
    })
  }

  return (
    <Page title={title()} intro={t('gdpr.erasures.intro')} wide>
      <Suspense fallback={<Skeleton variant="list" />}>
        <Show when={(requests()?.length ?? 0) > 0} fallback={<EmptyState title={t('gdpr.erasures.empty')} />}>
          <TableWrap label={t('gdpr.erasures.title')}>
            <table class="table table--stack">
              <caption class="visually-hidden">{t('gdpr.erasures.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gdpr.erasures.person')}</th>
                  <th scope="col">{t('gdpr.erasures.asked')}</th>
                  <th scope="col">{t('gdpr.erasures.messages')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={requests()}>
                  {(request) => (
                    <tr>
                      <th scope="row" data-label={t('gdpr.erasures.person')}>
                        {request.name}
                        <br />
                        <span class="muted">{request.email}</span>
                      </th>
                      <td data-label={t('gdpr.erasures.asked')}>{formatDateTime(request.requestedAt)}</td>
                      <td data-label={t('gdpr.erasures.messages')}>
                        {request.removeMessageText
                          ? t('gdpr.erasures.removeText')
                          : t('gdpr.erasures.keepText')}
                      </td>
                      <td data-label={t('common.actions')}>
                        <div class="erasure-actions">
                          <button
                            type="button"
                            class="button button--small button--danger-outline"
                            aria-label={t('gdpr.erasures.confirmFor', { name: request.name })}
                            onClick={() => open(request, 'confirm')}
                          >
                            {t('gdpr.erasures.confirm')}
                          </button>
                          <button
                            type="button"
                            class="button button--small button--secondary"
                            aria-label={t('gdpr.erasures.refuseFor', { name: request.name })}
                            onClick={() => open(request, 'refuse')}
                          >
                            {t('gdpr.erasures.refuse')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
        </Show>
      </Suspense>
      <ConfirmDialog
        open={pending() !== undefined}
        title={
          pending()?.decision === 'refuse'
            ? t('gdpr.erasures.refuseTitle', { name: pending()?.request.name ?? '' })
            : t('gdpr.erasures.confirmTitle', { name: pending()?.request.name ?? '' })
        }
        message={
          pending()?.decision === 'refuse' ? t('gdpr.erasures.refuseText') : t('gdpr.erasures.confirmText')
        }
        confirmLabel={
          pending()?.decision === 'refuse' ? t('gdpr.erasures.refuse') : t('gdpr.erasures.confirm')
        }
        danger={pending()?.decision === 'confirm'}
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void decide()}
        onCancel={() => setPending(undefined)}
      >
        <Show when={pending()?.decision === 'refuse'}>
          <TextAreaField
            label={t('gdpr.erasures.reason')}
            name="reason"
            required
            value={reason()}
            error={form.field('reason')}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Show>
      </ConfirmDialog>
    </Page>
  )
}
