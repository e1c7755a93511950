import { useNavigate } from '@solidjs/router'
import { createSignal, For, onMount, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { refreshMe } from '../session.ts'
import { useMe } from '../shell/me.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Loading, Page } from '../ui/Page.tsx'

import { type Enrolment, totpEnableAction, totpSetupAction } from './actions.ts'

/** TOTP enrolment: QR + key as text, confirm with a code, then recovery codes shown once. */
export function MfaEnrolPage() {
  const me = useMe()
  const navigate = useNavigate()
  const setup = useMutation(totpSetupAction)
  const confirm = useMutation(totpEnableAction)
  const [enrolment, setEnrolment] = createSignal<Enrolment>()
  const [code, setCode] = createSignal('')
  const [recoveryCodes, setRecoveryCodes] = createSignal<string[]>()
  let heading: HTMLHeadingElement | undefined

  onMount(() => {
    void setup.run().then((answer) => answer && setEnrolment(answer))
  })

  async function enable(e: SubmitEvent) {
    e.preventDefault()
    const result = await confirm.run(code().replace(/\s/g, ''))
    if (result) {
      setRecoveryCodes(result.recoveryCodes)
      queueMicrotask(() => heading?.focus())
    }
  }

  async function finish() {
    await refreshMe()
    navigate('/', { replace: true })
  }

  return (
    <Page title={t('mfa.title')} intro={me().mfa.required ? t('mfa.intro') : t('mfa.optionalIntro')}>
      <Show
        when={recoveryCodes()}
        fallback={
          <>
            <FormError message={setup.message()} />
            <Show
              when={enrolment()}
              fallback={
                <Show when={!setup.error()}>
                  <Loading />
                </Show>
              }
            >
              {(material) => (
                <div class="enrol">
                  <p>{t('mfa.step1')}</p>
                  {/* Server-generated SVG of the otpauth URI; no user input reaches it. */}
                  <div class="enrol__qr" role="img" aria-label="QR" innerHTML={material().qrSvg} />
                  <p>{t('mfa.secret')}</p>
                  <p>
                    <code class="enrol__secret" data-testid="totp-secret">
                      {material()
                        .secret.replace(/(.{4})/g, '$1 ')
                        .trim()}
                    </code>
                  </p>
                  <form class="stack" onSubmit={enable}>
                    <p>{t('mfa.step2')}</p>
                    <Field
                      label={t('mfa.code')}
                      name="code"
                      inputmode="numeric"
                      autocomplete="one-time-code"
                      pattern="[0-9 ]{6,7}"
                      maxlength="7"
                      required
                      value={code()}
                      onInput={(e) => setCode(e.currentTarget.value)}
                      error={confirm.field('code')}
                    />
                    <FormError message={confirm.message()} />
                    <button type="submit" class="button" disabled={confirm.pending()}>
                      {t('mfa.enable')}
                    </button>
                  </form>
                </div>
              )}
            </Show>
          </>
        }
      >
        {(codes) => (
          <div class="stack">
            <h2 ref={heading} tabindex="-1">
              {t('mfa.recoveryTitle')}
            </h2>
            <Alert kind="info">{t('mfa.recoveryIntro')}</Alert>
            <ul class="recovery-codes" data-testid="recovery-codes">
              <For each={codes()}>
                {(c) => (
                  <li>
                    <code>{c}</code>
                  </li>
                )}
              </For>
            </ul>
            <button type="button" class="button" onClick={() => void finish()}>
              {t('mfa.continue')}
            </button>
          </div>
        )}
      </Show>
    </Page>
  )
}
