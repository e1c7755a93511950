import { createAsync, useNavigate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { OrgKind } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Button } from '../ui/Button.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { toast } from '../ui/Toast.tsx'
import { handoverAction } from './actions.ts'
import type { OrgStructure } from './data.ts'

interface Company {
  id: string
  name: string
  kind: OrgKind
  status: 'active' | 'suspended'
}

/**
 * Hands a cooperative over to another management company (POST /api/orgs/:id/handover). A
 * platform admin picks the company from the platform's list; a company's org admin cannot list
 * other companies, so they enter the receiving company's Kotipiha ID (shown on its Settings
 * page). Confirmed in a dialog, since the caller's own access ends with it.
 */
export function HandoverForm(props: { organisation: OrgStructure['organisation'] }) {
  const me = useMe()
  const navigate = useNavigate()
  const form = useMutation(handoverAction)
  const [to, setTo] = createSignal('')
  const [reason, setReason] = createSignal('')
  const [asking, setAsking] = createSignal(false)
  const companies = createAsync(async () =>
    me().user.platformAdmin
      ? (await api.get<{ organisations: Company[] }>('/admin/orgs')).organisations.filter(
          (o) =>
            o.kind === 'management_company' &&
            o.status === 'active' &&
            o.id !== props.organisation.managed_by,
        )
      : undefined,
  )

  function ask(e: SubmitEvent) {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (!to().trim()) problems.to = t('orgSettings.handoverNeedsTarget')
    if (reason().trim().length < 3) problems.reason = t('orgSettings.handoverNeedsReason')
    if (Object.keys(problems).length > 0) return form.setFieldProblems(problems)
    form.reset()
    setAsking(true)
  }

  async function handOver() {
    const done = await form.run(props.organisation.id, to().trim(), reason().trim())
    setAsking(false)
    if (!done) return
    toast({ message: t('orgSettings.handedOver', { name: props.organisation.name }) })
    // A company's staff no longer reach the cooperative; a platform admin still does.
    if (!me().user.platformAdmin) navigate('/', { replace: true })
  }

  return (
    <section aria-labelledby="org-handover">
      <h2 id="org-handover">{t('orgSettings.handover')}</h2>
      <p>{t('orgSettings.handoverIntro')}</p>
      <form class="stack settings-form" novalidate onSubmit={ask}>
        <Show when={form.message() && !asking()}>
          <p class="alert alert--error" role="alert">
            {form.message()}
          </p>
        </Show>
        <Show
          when={companies()}
          fallback={
            <Field
              label={t('orgSettings.handoverToId')}
              hint={t('orgSettings.handoverToIdHint')}
              name="to"
              autocomplete="off"
              spellcheck={false}
              value={to()}
              error={form.field('to')}
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          }
        >
          {(list) => (
            <SelectField
              label={t('orgSettings.handoverTo')}
              name="to"
              value={to()}
              error={form.field('to')}
              onChange={(e) => setTo(e.currentTarget.value)}
            >
              <option value="">{t('orgSettings.handoverChoose')}</option>
              <For each={list()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </SelectField>
          )}
        </Show>
        <TextAreaField
          label={t('orgSettings.handoverReason')}
          name="reason"
          required
          value={reason()}
          error={form.field('reason')}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <Button type="submit" variant="secondary">
          {t('orgSettings.handoverButton')}
        </Button>
      </form>
      <ConfirmDialog
        open={asking()}
        title={t('orgSettings.handoverTitle', { name: props.organisation.name })}
        message={t('orgSettings.handoverText')}
        confirmLabel={t('orgSettings.handoverConfirm')}
        danger
        pending={form.pending()}
        onConfirm={() => void handOver()}
        onCancel={() => setAsking(false)}
      />
    </section>
  )
}
