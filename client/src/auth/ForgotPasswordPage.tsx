import { A } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { requestResetAction } from './actions.ts'

export function ForgotPasswordPage() {
  const form = useMutation(requestResetAction)
  const [email, setEmail] = createSignal('')
  const [sent, setSent] = createSignal(false)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const ok = await form.run(email())
    if (ok) setSent(true)
  }
  return (
    <Page title={t('forgot.title')} intro={t('forgot.intro')}>
      <Show when={!sent()} fallback={<Alert kind="success">{t('forgot.sent')}</Alert>}>
        <form class="stack" onSubmit={submit}>
          <Field
            label={t('common.email')}
            type="email"
            name="email"
            autocomplete="email"
            required
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
            error={form.field('email')}
          />
          <FormError message={form.message()} />
          <button type="submit" class="button button--block" disabled={form.pending()}>
            {t('forgot.submit')}
          </button>
        </form>
      </Show>
      <p>
        <A href="/login">{t('forgot.backToLogin')}</A>
      </p>
    </Page>
  )
}
