import { A, createAsync, query, revalidate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { OrgKind } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { t } from '../i18n/index.ts'
import { refreshMe } from '../session.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { TextAreaField } from '../ui/Field.tsx'
import { createFormState } from '../ui/form.ts'
import { Page } from '../ui/Page.tsx'

interface AdminOrg {
  id: string
  name: string
  kind: OrgKind
  status: 'active' | 'suspended'
  businessId: string | null
  managedBy: string | null
}

const getAllOrgs = query(
  () => api.get<{ organisations: AdminOrg[] }>('/admin/orgs').then((r) => r.organisations),
  'admin-orgs',
)

/** Every organisation on the platform; suspend or reactivate with a reason (audited). */
export function AllOrgsPage() {
  const orgs = createAsync(() => getAllOrgs())
  const [target, setTarget] = createSignal<AdminOrg>()
  const [reason, setReason] = createSignal('')
  const [notice, setNotice] = createSignal<string>()
  const form = createFormState()
  const suspending = () => target()?.status === 'active'

  async function submit() {
    const org = target()
    if (!org) return
    if (reason().trim().length < 3) {
      form.setFieldProblems({ reason: t('adminOrgs.reasonHint') })
      return
    }
    const status = org.status === 'active' ? 'suspended' : 'active'
    const ok = await form.run(() => api.put(`/orgs/${org.id}/status`, { status, reason: reason().trim() }))
    if (!ok) return
    setNotice(t(status === 'suspended' ? 'adminOrgs.suspended' : 'adminOrgs.reactivated', { org: org.name }))
    setTarget(undefined)
    await Promise.all([revalidate(getAllOrgs.key), refreshMe()])
  }

  return (
    <Page title={t('adminOrgs.title')} wide>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <div class="table-wrap">
        <table class="table table--stack">
          <thead>
            <tr>
              <th scope="col">{t('adminOrgs.name')}</th>
              <th scope="col">{t('adminOrgs.kind')}</th>
              <th scope="col">{t('org.businessId')}</th>
              <th scope="col">{t('adminOrgs.managedBy')}</th>
              <th scope="col">{t('adminOrgs.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={orgs()}>
              {(org) => (
                <tr>
                  <th scope="row">
                    <A href={`/org/${org.id}`}>{org.name}</A>
                  </th>
                  <td data-label={t('adminOrgs.kind')}>{t(`orgKind.${org.kind}`)}</td>
                  <td data-label={t('org.businessId')}>{org.businessId ?? t('common.none')}</td>
                  <td data-label={t('adminOrgs.managedBy')}>{org.managedBy ?? t('common.none')}</td>
                  <td data-label={t('adminOrgs.status')}>
                    <span class="tag" classList={{ 'tag--warn': org.status === 'suspended' }}>
                      {t(`orgStatus.${org.status}`)}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--small"
                      classList={{
                        'button--danger-outline': org.status === 'active',
                        'button--secondary': org.status !== 'active',
                      }}
                      onClick={() => {
                        form.reset()
                        setReason('')
                        setTarget(org)
                      }}
                    >
                      {org.status === 'active' ? t('adminOrgs.suspend') : t('adminOrgs.reactivate')}
                      <span class="visually-hidden"> {org.name}</span>
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={target() !== undefined}
        title={
          suspending()
            ? t('adminOrgs.suspendTitle', { org: target()?.name ?? '' })
            : t('adminOrgs.reactivateTitle', { org: target()?.name ?? '' })
        }
        message={suspending() ? t('adminOrgs.suspendIntro') : undefined}
        confirmLabel={suspending() ? t('adminOrgs.suspend') : t('adminOrgs.reactivate')}
        danger={suspending()}
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void submit()}
        onCancel={() => setTarget(undefined)}
      >
        <TextAreaField
          label={t('common.reason')}
          hint={t('adminOrgs.reasonHint')}
          required
          minlength={3}
          rows={3}
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
          error={form.field('reason')}
        />
      </ConfirmDialog>
    </Page>
  )
}
