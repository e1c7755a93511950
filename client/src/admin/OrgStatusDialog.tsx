import { createEffect, createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { setOrgStatusAction } from './data.ts'

export interface OrgStatusTarget {
  id: string
  name: string
  status: 'active' | 'suspended'
}

/** Suspend or reactivate an organisation; the reason is required and goes to the audit log. */
export function OrgStatusDialog(props: {
  target: OrgStatusTarget | undefined
  onDone: (message: string) => void
  onCancel: () => void
  /** Queries of the page behind the dialog that the change also affects. */
  revalidates?: string[]
}) {
  const form = useMutation(setOrgStatusAction)
  const [reason, setReason] = createSignal('')
  const suspending = () => props.target?.status === 'active'
  createEffect(() => {
    if (props.target) {
      form.reset()
      setReason('')
    }
  })
  async function submit() {
    const org = props.target
    if (!org) return
    if (reason().trim().length < 3) {
      form.setFieldProblems({ reason: t('adminOrgs.reasonHint') })
      return
    }
    const status = org.status === 'active' ? 'suspended' : 'active'
    const ok = await form.run(org.id, status, reason().trim(), props.revalidates ?? [])
    if (ok)
      props.onDone(
        t(status === 'suspended' ? 'adminOrgs.suspended' : 'adminOrgs.reactivated', { org: org.name }),
      )
  }
  return (
    <ConfirmDialog
      open={props.target !== undefined}
      title={
        suspending()
          ? t('adminOrgs.suspendTitle', { org: props.target?.name ?? '' })
          : t('adminOrgs.reactivateTitle', { org: props.target?.name ?? '' })
      }
      message={suspending() ? t('adminOrgs.suspendIntro') : undefined}
      confirmLabel={suspending() ? t('adminOrgs.suspend') : t('adminOrgs.reactivate')}
      danger={suspending()}
      pending={form.pending()}
      error={form.message()}
      onConfirm={() => void submit()}
      onCancel={() => props.onCancel()}
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
  )
}
