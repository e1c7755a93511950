import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, Match, Show, Switch } from 'solid-js'
import { ApiError, api } from '../api.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { loginAction } from './actions.ts'

/** Only same-site paths: never bounce to another origin after login. */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/'
}

/** "Try again in N minutes" for a throttled sign-in, from the answer's Retry-After (seconds). */
export function throttleMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'rate_limited' || !error.retryAfter) return undefined
  const minutes = Math.ceil(error.retryAfter / 60)
  return minutes <= 1 ? t('login.throttledOne') : t('login.throttled', { minutes })
}

/**
 * Demo mode, and whether this visitor may read the dev mailbox: it exists only in demo mode
 * without SMTP, and is shown only on this computer or to a platform admin (403 elsewhere).
 */
async function demoMode(): Promise<'mailbox' | 'demo' | 'off'> {
  try {
    await api.get('/dev/mailbox')
    return 'mailbox'
  } catch (error) {
    return error instanceof ApiError && error.code === 'forbidden' ? 'demo' : 'off'
  }
}

export function LoginPage() {
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const demo = createAsync(() => demoMode(), { initialValue: 'off' as const })
  const form = useMutation(loginAction)
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [step, setStep] = createSignal<'password' | 'totp' | 'recovery'>('password')
  const [code, setCode] = createSignal('')
  let codeInput: HTMLInputElement | undefined

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const body: Record<string, string> = { email: email(), password: password() }
    if (step() === 'totp') body.totp = code().replace(/\s/g, '')
    if (step() === 'recovery') body.recoveryCode = code().trim()
    const outcome = await form.run(body)
    if (outcome === 'totp') {
      setStep('totp')
      queueMicrotask(() => codeInput?.focus())
      return
    }
    if (outcome === 'signed-in') navigate(safeNext(search.next), { replace: true })
  }

  function startOver() {
    setStep('password')
    setCode('')
    form.reset()
  }

  return (
    <Page title={step() === 'password' ? t('login.title') : t('login.totpTitle')}>
      <form class="stack" onSubmit={submit} novalidate={false}>
        <Switch>
          <Match when={step() === 'password'}>
            <p class="muted">{t('login.intro')}</p>
            <Field
              label={t('common.email')}
              name="email"
              type="email"
              autocomplete="username"
              required
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              error={form.field('email')}
            />
            <Field
              label={t('common.password')}
              name="password"
              type="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              error={form.field('password')}
            />
          </Match>
          <Match when={step() === 'totp'}>
            <p>{t('login.totpIntro')}</p>
            <Field
              ref={codeInput}
              label={t('login.totpCode')}
              name="totp"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxlength="7"
              required
              value={code()}
              onInput={(e) => setCode(e.currentTarget.value)}
              error={form.field('totp')}
            />
          </Match>
          <Match when={step() === 'recovery'}>
            <p>{t('login.recoveryIntro')}</p>
            <Field
              ref={codeInput}
              label={t('login.recoveryCode')}
              name="recoveryCode"
              autocomplete="off"
              required
              value={code()}
              onInput={(e) => setCode(e.currentTarget.value)}
              error={form.field('recoveryCode')}
            />
          </Match>
        </Switch>
        <FormError message={throttleMessage(form.error()) ?? form.message()} />
        <button type="submit" class="button button--block" disabled={form.pending()}>
          {form.pending()
            ? t('login.submitting')
            : step() === 'password'
              ? t('login.submit')
              : t('login.verify')}
        </button>
        <Show when={step() !== 'password'}>
          <div class="row">
            <button
              type="button"
              class="linklike"
              onClick={() => {
                setStep(step() === 'totp' ? 'recovery' : 'totp')
                setCode('')
                form.reset()
                queueMicrotask(() => codeInput?.focus())
              }}
            >
              {step() === 'totp' ? t('login.useRecovery') : t('login.useTotp')}
            </button>
            <button type="button" class="linklike" onClick={startOver}>
              {t('login.startOver')}
            </button>
          </div>
        </Show>
      </form>
      <Show when={step() === 'password'}>
        <ul class="link-list">
          <li>
            <A href="/forgot-password">{t('login.forgot')}</A>
          </li>
          <li>
            <A href="/register-partner">{t('login.registerPartner')}</A>
          </li>
          <Show when={demo() === 'mailbox'}>
            <li>
              <A href="/dev/mailbox">{t('login.devMailbox')}</A>
            </li>
          </Show>
        </ul>
        <Show when={demo() !== 'off'}>
          <p class="demo-hint">{t('login.demoHint')}</p>
        </Show>
      </Show>
    </Page>
  )
}
