import { createAsync, query, useSearchParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { api } from '../api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { SelectField, TextAreaField } from '../ui/Field.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'

const STATUSES = ['pending', 'approved', 'rejected', 'blocked'] as const
type Status = (typeof STATUSES)[number]
type Decision = 'approve' | 'reject' | 'block'

interface Registration {
  id: string
  companyName: string
  businessId: string
  contactName: string
  email: string
  phone: string | null
  products: string[]
  status: Status
  reason: string | null
  createdAt: string
  reviewedAt: string | null
}

const getRegistrations = query(
  (status: Status) =>
    api
      .get<{ registrations: Registration[] }>(`/registrations?status=${status}`)
      .then((r) => r.registrations),
  'registrations',
)

const decideAction = mutation(
  'registrations-decide',
  async (id: string, body: { decision: Decision; reason?: string }) => {
    await api.post(`/registrations/${id}/decision`, body)
    return true
  },
  () => [getRegistrations.key],
)

/** The queue of partner registrations: approve, reject with a reason, or block. */
export function RegistrationsPage() {
  const [search, setSearch] = useSearchParams()
  const status = (): Status =>
    (STATUSES as readonly string[]).includes(String(search.status)) ? (search.status as Status) : 'pending'
  const registrations = createAsync(() => getRegistrations(status()))
  const [pending, setPending] = createSignal<{ registration: Registration; decision: Decision }>()
  const [reason, setReason] = createSignal('')
  const [notice, setNotice] = createSignal<string>()
  const form = useMutation(decideAction)

  function open(registration: Registration, decision: Decision) {
    form.reset()
    setReason('')
    setPending({ registration, decision })
  }

  async function decide() {
    const p = pending()
    if (!p) return
    if (p.decision !== 'approve' && reason().trim().length < 3) {
      form.setFieldProblems({ reason: t('adminOrgs.reasonHint') })
      return
    }
    const ok = await form.run(p.registration.id, {
      decision: p.decision,
      ...(p.decision === 'approve' ? {} : { reason: reason().trim() }),
    })
    if (!ok) return
    const key = p.decision === 'approve' ? 'approved' : p.decision === 'reject' ? 'rejected' : 'blocked'
    setNotice(t(`registrations.${key}`, { company: p.registration.companyName }))
    setPending(undefined)
  }

  const title = () => {
    const p = pending()
    if (!p) return ''
    const company = p.registration.companyName
    if (p.decision === 'approve') return `${t('registrations.approve')}: ${company}`
    return p.decision === 'reject'
      ? t('registrations.rejectTitle', { company })
      : t('registrations.blockTitle', { company })
  }

  return (
    <Page title={t('registrations.title')} wide>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <div class="toolbar">
        <SelectField
          label={t('registrations.filter')}
          value={status()}
          onChange={(e) => setSearch({ status: e.currentTarget.value })}
        >
          <For each={STATUSES}>
            {(s) => (
              <option value={s} selected={s === status()}>
                {t(`registrations.status.${s}`)}
              </option>
            )}
          </For>
        </SelectField>
      </div>
      <Show when={registrations()} keyed>
        {(list) => (
          <Show when={list.length > 0} fallback={<p class="empty">{t('registrations.empty')}</p>}>
            <ul class="cards">
              <For each={list}>
                {(r) => (
                  <li class="card">
                    <h2 class="card__title">{r.companyName}</h2>
                    <dl class="facts facts--compact">
                      <div>
                        <dt>{t('registrations.businessId')}</dt>
                        <dd>{r.businessId}</dd>
                      </div>
                      <div>
                        <dt>{t('registrations.contact')}</dt>
                        <dd>
                          {r.contactName}
                          <br />
                          <a href={`mailto:${r.email}`}>{r.email}</a>
                          <Show when={r.phone}>
                            <br />
                            {r.phone}
                          </Show>
                        </dd>
                      </div>
                      <Show when={r.products.length > 0}>
                        <div>
                          <dt>{t('registrations.products')}</dt>
                          <dd>{r.products.join(', ')}</dd>
                        </div>
                      </Show>
                      <div>
                        <dt>{t('registrations.submitted')}</dt>
                        <dd>{formatDateTime(r.createdAt)}</dd>
                      </div>
                      <Show when={r.reason}>
                        <div>
                          <dt>{t('common.reason')}</dt>
                          <dd>{r.reason}</dd>
                        </div>
                      </Show>
                    </dl>
                    <Show when={r.status === 'pending'}>
                      <div class="card__actions">
                        <button type="button" class="button" onClick={() => open(r, 'approve')}>
                          {t('registrations.approve')}
                          <span class="visually-hidden"> {r.companyName}</span>
                        </button>
                        <button
                          type="button"
                          class="button button--secondary"
                          onClick={() => open(r, 'reject')}
                        >
                          {t('registrations.reject')}
                          <span class="visually-hidden"> {r.companyName}</span>
                        </button>
                        <button
                          type="button"
                          class="button button--danger-outline"
                          onClick={() => open(r, 'block')}
                        >
                          {t('registrations.block')}
                          <span class="visually-hidden"> {r.companyName}</span>
                        </button>
                      </div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <ConfirmDialog
        open={pending() !== undefined}
        title={title()}
        message={
          pending()?.decision === 'approve'
            ? t('registrations.approveConfirm', {
                company: pending()?.registration.companyName ?? '',
                contact: pending()?.registration.contactName ?? '',
              })
            : undefined
        }
        confirmLabel={t(`registrations.${pending()?.decision ?? 'approve'}`)}
        danger={pending()?.decision === 'block'}
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void decide()}
        onCancel={() => setPending(undefined)}
      >
        <Show when={pending() && pending()?.decision !== 'approve'}>
          <TextAreaField
            label={t('registrations.reasonFor')}
            hint={t('adminOrgs.reasonHint')}
            required
            minlength={3}
            rows={3}
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            error={form.field('reason')}
          />
        </Show>
      </ConfirmDialog>
    </Page>
  )
}
