import { A } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { isValidBusinessId, normaliseBusinessId } from '../../../schema/businessId.ts'
import { api } from '../api.ts'
import { NewPasswordField } from '../auth/NewPasswordField.tsx'
import { language, t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field, TextAreaField } from '../ui/Field.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'

/** Sends a registration; nothing on the page is a query to refresh. */
const registerAction = mutation(
  'registrations-register',
  async (body: Record<string, unknown>) => {
    await api.post('/registrations', body)
    return true
  },
  () => [],
)

/** Public self-registration of a partner company; staff approve it in the registrations queue. */
export function RegisterPartnerPage() {
  const form = useMutation(registerAction)
  const [done, setDone] = createSignal<string>()
  const [values, setValues] = createSignal({
    companyName: '',
    businessId: '',
    contactName: '',
    email: '',
    phone: '',
    products: '',
    password: '',
  })
  type Key = keyof ReturnType<typeof values>
  const bind = (key: Key) => ({
    name: key,
    value: values()[key],
    onInput: (e: { currentTarget: { value: string } }) =>
      setValues((v) => ({ ...v, [key]: e.currentTarget.value })),
    error: form.field(key),
  })

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const v = values()
    if (!isValidBusinessId(normaliseBusinessId(v.businessId))) {
      form.setFieldProblems({ businessId: t('register.businessIdInvalid') })
      return
    }
    const ok = await form.run({
      companyName: v.companyName,
      businessId: v.businessId,
      contactName: v.contactName,
      email: v.email,
      ...(v.phone.trim() ? { phone: v.phone } : {}),
      products: v.products
        .split(/[\n,]/)
        .map((p) => p.trim())
        .filter(Boolean),
      password: v.password,
      language: language(),
    })
    if (ok) setDone(v.companyName)
  }

  return (
    <Page title={t('register.title')} intro={done() ? undefined : t('register.intro')}>
      <Show
        when={!done()}
        fallback={
          <div class="stack">
            <Alert kind="success">
              <strong>{t('register.doneTitle')}.</strong> {t('register.done', { company: done() ?? '' })}
            </Alert>
            <p>
              <A href="/login">{t('forgot.backToLogin')}</A>
            </p>
          </div>
        }
      >
        <form class="stack" onSubmit={submit}>
          <fieldset>
            <legend>{t('register.company')}</legend>
            <Field
              label={t('register.companyName')}
              required
              autocomplete="organization"
              {...bind('companyName')}
            />
            <Field
              label={t('register.businessId')}
              hint={t('register.businessIdHint')}
              required
              inputmode="numeric"
              maxlength="9"
              {...bind('businessId')}
            />
            <TextAreaField
              label={t('register.products')}
              hint={t('register.productsHint')}
              rows={3}
              {...bind('products')}
            />
          </fieldset>
          <fieldset>
            <legend>{t('register.contact')}</legend>
            <Field label={t('register.contactName')} required autocomplete="name" {...bind('contactName')} />
            <Field label={t('common.email')} type="email" required autocomplete="email" {...bind('email')} />
            <Field
              label={`${t('common.phone')} (${t('common.optional')})`}
              type="tel"
              autocomplete="tel"
              {...bind('phone')}
            />
            <NewPasswordField label={t('register.password')} {...bind('password')} />
          </fieldset>
          <FormError message={form.message()} />
          <button type="submit" class="button" disabled={form.pending()}>
            {t('register.submit')}
          </button>
        </form>
      </Show>
    </Page>
  )
}
