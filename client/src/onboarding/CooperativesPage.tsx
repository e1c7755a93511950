import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { Field } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { createCooperativeAction, getCooperatives } from './data.ts'

/** A management company's cooperatives, and the form that creates one (issue 18). */
export function CooperativesPage() {
  const params = useParams<{ orgId: string }>()
  const navigate = useNavigate()
  const list = createAsync(() => getCooperatives(params.orgId))
  const creating = useMutation(createCooperativeAction)
  const error = creating.message
  const busy = creating.pending
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const created = await creating.run(params.orgId, {
      name: String(form.get('name')),
      businessId: String(form.get('businessId')),
      address: String(form.get('address')),
      fiscalYearStartMonth: Number(form.get('fiscalYear')),
    })
    if (created) navigate(`/org/${created.cooperative.id}/setup`)
  }
  return (
    <Page title={t('onboarding.cooperativesTitle')} intro={t('onboarding.cooperativesIntro')}>
      <Show when={list()} fallback={<p role="status">{t('app.loading')}</p>}>
        {(l) => (
          <Show when={l().cooperatives.length > 0} fallback={<p class="muted">{t('onboarding.none')}</p>}>
            <ul class="onboarding__list">
              <For each={l().cooperatives}>
                {(c) => (
                  <li>
                    <A href={`/org/${c.id}/setup`}>{c.name}</A> <span class="muted">{c.businessId}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <h2 id="new-coop">{t('onboarding.create')}</h2>
      <form class="onboarding__form" aria-labelledby="new-coop" onSubmit={submit}>
        <Field name="name" label={t('onboarding.name')} required minLength={2} maxLength={200} />
        <Field
          name="businessId"
          label={t('onboarding.businessId')}
          hint={t('onboarding.businessIdHint')}
          required
          pattern="\d{6,7}-\d"
        />
        <Field name="address" label={t('onboarding.address')} required minLength={3} maxLength={300} />
        <div class="field">
          <label for="fiscal-year">{t('onboarding.fiscalYear')}</label>
          <select id="fiscal-year" name="fiscalYear">
            <For each={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}>
              {(n) => <option value={n}>{t('onboarding.month', { n })}</option>}
            </For>
          </select>
        </div>
        <Show when={error()}>
          <Alert kind="error">{error()}</Alert>
        </Show>
        <button type="submit" class="button" disabled={busy()}>
          {t('onboarding.createButton')}
        </button>
      </form>
    </Page>
  )
}
