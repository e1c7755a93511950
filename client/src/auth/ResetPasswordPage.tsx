import { A, useSearchParams } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { resetPasswordAction } from './actions.ts'
import { NewPasswordField } from './NewPasswordField.tsx'

export function ResetPasswordPage() {
  const [search] = useSearchParams()
  const token = () => (typeof search.token === 'string' ? search.token : '')
  const form = useMutation(resetPasswordAction)
  const [password, setPassword] = createSignal('')
  const [repeat, setRepeat] = createSignal('')
  const [done, setDone] = createSignal(false)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    if (password() !== repeat()) {
      form.setFieldProblems({ repeat: t('reset.mismatch') })
      return
    }
    const ok = await form.run(token(), password())
    if (ok) setDone(true)
  }
  return (
    <Page title={t('reset.title')}>
      <Show when={token()} fallback={<Alert kind="error">{t('reset.missingToken')}</Alert>}>
        <Show
          when={!done()}
          fallback={
            <>
              <Alert kind="success">{t('reset.done')}</Alert>
              <p>
                <A href="/login" class="button">
                  {t('login.submit')}
                </A>
              </p>
            </>
          }
        >
          <form class="stack" onSubmit={submit}>
            <NewPasswordField
              label={t('reset.newPassword')}
              name="password"
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              error={form.field('password')}
            />
            <Field
              label={t('reset.repeat')}
              type="password"
              name="repeat"
              autocomplete="new-password"
              required
              value={repeat()}
              onInput={(e) => setRepeat(e.currentTarget.value)}
              error={form.field('repeat')}
            />
            <FormError message={form.message()} />
            <button type="submit" class="button button--block" disabled={form.pending()}>
              {t('reset.submit')}
            </button>
          </form>
        </Show>
      </Show>
    </Page>
  )
}
