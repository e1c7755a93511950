import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, Match, Show, Suspense, Switch } from 'solid-js'
import type { Role } from '../../../schema/roles.ts'
import { api } from '../api.ts'
import { NewPasswordField } from '../auth/NewPasswordField.tsx'
import { t } from '../i18n/index.ts'
import { getMe } from '../session.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Field } from '../ui/Field.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Loading, Page } from '../ui/Page.tsx'

interface InvitationPreview {
  organisation: string
  role: Role
  email: string
  accountExists: boolean
}

export function AcceptInvitationPage() {
  const [search] = useSearchParams()
  const token = () => (typeof search.token === 'string' ? search.token : '')
  return (
    <Page title={t('invitation.title')}>
      <Show when={token()} fallback={<Alert kind="error">{t('invitation.missingToken')}</Alert>}>
        <ErrorBoundary fallback={(error) => <Alert kind="error">{errorMessage(error)}</Alert>}>
          <Suspense fallback={<Loading />}>
            <Invitation token={token()} />
          </Suspense>
        </ErrorBoundary>
      </Show>
    </Page>
  )
}

/** Joining changes the signed-in user's organisations: they are refetched before the page moves on. */
const acceptAction = mutation(
  'invitations-accept',
  (body: { token: string; name?: string; password?: string }) =>
    api.post<{ organisationId: string }>('/invitations/accept', body),
  () => [getMe.key],
)

function Invitation(props: { token: string }) {
  const navigate = useNavigate()
  const preview = createAsync(() =>
    api.get<InvitationPreview>(`/invitations/${encodeURIComponent(props.token)}`),
  )
  const me = createAsync(() => getMe())
  const form = useMutation(acceptAction)
  const [name, setName] = createSignal('')
  const [password, setPassword] = createSignal('')

  async function accept(e: SubmitEvent) {
    e.preventDefault()
    const body = preview()?.accountExists
      ? { token: props.token }
      : { token: props.token, name: name(), password: password() }
    const result = await form.run(body)
    if (result) navigate(`/org/${result.organisationId}`, { replace: true })
  }

  const signedInAsInvitee = () => {
    const p = preview()
    const m = me()
    return Boolean(p && m && m.user.email.toLowerCase() === p.email.toLowerCase())
  }

  return (
    <Show when={preview()} keyed>
      {(p) => (
        <div class="stack">
          <p class="lead">{t('invitation.intro', { org: p.organisation, role: t(`role.${p.role}`) })}</p>
          <p class="muted">{t('invitation.forEmail', { email: p.email })}</p>
          <Switch>
            <Match when={p.accountExists && !signedInAsInvitee()}>
              <Alert kind="info">{t('invitation.accountExists')}</Alert>
              <p>
                <A
                  class="button"
                  href={`/login?next=${encodeURIComponent(`/invitation?token=${props.token}`)}`}
                >
                  {t('invitation.loginToAccept')}
                </A>
              </p>
            </Match>
            <Match when={p.accountExists}>
              <form onSubmit={accept} class="stack">
                <FormError message={form.message()} />
                <button type="submit" class="button" disabled={form.pending()}>
                  {t('invitation.accept')}
                </button>
              </form>
            </Match>
            <Match when={!p.accountExists}>
              <form onSubmit={accept} class="stack">
                <p>{t('invitation.createAccount')}</p>
                <Field
                  label={t('common.email')}
                  type="email"
                  value={p.email}
                  readOnly
                  autocomplete="username"
                />
                <Field
                  label={t('common.name')}
                  name="name"
                  autocomplete="name"
                  required
                  value={name()}
                  onInput={(e) => setName(e.currentTarget.value)}
                  error={form.field('name')}
                />
                <NewPasswordField
                  label={t('common.password')}
                  name="password"
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                  error={form.field('password')}
                />
                <FormError message={form.message()} />
                <button type="submit" class="button" disabled={form.pending()}>
                  {t('invitation.accept')}
                </button>
              </form>
            </Match>
          </Switch>
        </div>
      )}
    </Show>
  )
}
