import { A, useNavigate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import {
  LANGUAGES,
  type Language,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationPrefs,
} from '../../../schema/roles.ts'
import { NewPasswordField } from '../auth/NewPasswordField.tsx'
import { isLanguage, setLanguage, t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { CheckGroup } from '../ui/CheckGroup.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { Select } from '../ui/Select.tsx'
import { setTheme, THEMES, type Theme, theme } from '../ui/theme.ts'
import {
  changePasswordAction,
  disableTotpAction,
  logoutEverywhereAction,
  saveDetailsAction,
  saveNotificationsAction,
} from './actions.ts'

// The server's limits (schema/api/common.ts: Name, Phone, NewPassword), so the field stops there.
const NAME_MAX = 120
const PHONE_MAX = 32

export function ProfilePage() {
  return (
    <Page title={t('profile.title')} wide>
      <ul class="profile-links">
        <li>
          <A href="/profile/data">{t('gdpr.link')}</A>
        </li>
        <li>
          <A href="/profile/activity">{t('gdpr.myActivity.link')}</A>
        </li>
      </ul>
      <div class="profile-grid">
        <ContactDetails />
        <Appearance />
        <Notifications />
        <ChangePassword />
        <TwoStep />
        <Sessions />
      </div>
    </Page>
  )
}

function ContactDetails() {
  const me = useMe()
  const form = useMutation(saveDetailsAction)
  const [name, setName] = createSignal(me().user.name)
  const [phone, setPhone] = createSignal(me().user.phone ?? '')
  const [lang, setLang] = createSignal<Language>(me().user.language)
  const [saved, setSaved] = createSignal(false)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    setSaved(false)
    const ok = await form.run({ name: name(), phone: phone().trim() ? phone() : null, language: lang() })
    if (ok) {
      setLanguage(lang())
      setSaved(true)
    }
  }
  return (
    <section class="panel" aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details')}</h2>
      <form class="stack" onSubmit={submit}>
        <Field label={t('common.email')} type="email" value={me().user.email} readOnly />
        <Field
          label={t('common.name')}
          name="name"
          autocomplete="name"
          required
          maxLength={NAME_MAX}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          error={form.field('name')}
        />
        <Field
          label={`${t('common.phone')} (${t('common.optional')})`}
          name="phone"
          type="tel"
          autocomplete="tel"
          maxLength={PHONE_MAX}
          value={phone()}
          onInput={(e) => setPhone(e.currentTarget.value)}
          error={form.field('phone')}
        />
        <SelectField
          label={t('profile.language')}
          name="language"
          value={lang()}
          onChange={(e) => isLanguage(e.currentTarget.value) && setLang(e.currentTarget.value)}
        >
          <For each={LANGUAGES}>
            {(code) => (
              <option value={code} lang={code} selected={code === lang()}>
                {t(`languages.${code}`)}
              </option>
            )}
          </For>
        </SelectField>
        <FormError message={form.message()} />
        <Show when={saved()}>
          <Alert kind="success">{t('common.saved')}</Alert>
        </Show>
        <button type="submit" class="button" disabled={form.pending()}>
          {form.pending() ? t('common.saving') : t('common.save')}
        </button>
      </form>
    </section>
  )
}

/** Light, dark or as on the device: applies at once and is remembered on this device. */
function Appearance() {
  return (
    <section class="panel" aria-labelledby="profile-appearance">
      <h2 id="profile-appearance">{t('ui.theme.label')}</h2>
      <Select
        label={t('ui.theme.label')}
        hideLabel
        hint={t('ui.theme.hint')}
        options={THEMES.map((value) => ({ value, label: t(`ui.theme.${value}`) }))}
        value={theme()}
        onChange={(value) => setTheme(value as Theme)}
      />
    </section>
  )
}

function Notifications() {
  const me = useMe()
  const form = useMutation(saveNotificationsAction)
  const [saved, setSaved] = createSignal(false)
  const [prefs, setPrefs] = createSignal(structuredClone(me().user.notificationPrefs) as NotificationPrefs)
  function toggle(
    kind: keyof NotificationPrefs,
    channel: keyof NotificationPrefs[keyof NotificationPrefs],
    on: boolean,
  ) {
    setSaved(false)
    setPrefs((p) => ({ ...p, [kind]: { ...p[kind], [channel]: on } }))
  }
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(prefs())) setSaved(true)
  }
  return (
    <section class="panel panel--wide" aria-labelledby="profile-notifications">
      <h2 id="profile-notifications">{t('profile.notifications')}</h2>
      <p class="muted">{t('profile.notificationsIntro')}</p>
      <form onSubmit={submit} class="stack">
        {/* One group per kind, its channels as labelled boxes: readable on a phone without a
            table to scroll sideways, and a row per kind on a wide screen. */}
        <div class="prefs">
          <For each={NOTIFICATION_KINDS}>
            {(kind) => (
              <CheckGroup
                class="prefs__kind"
                legend={t(`notificationKind.${kind}`)}
                options={NOTIFICATION_CHANNELS.map((channel) => ({
                  value: channel,
                  label: t(`channel.${channel}`),
                  // "New messages by Email": clear to a screen reader or voice control alone.
                  name: t('profile.notificationLabel', {
                    kind: t(`notificationKind.${kind}`),
                    channel: t(`channel.${channel}`),
                  }),
                }))}
                selected={NOTIFICATION_CHANNELS.filter((channel) => prefs()[kind]?.[channel])}
                onChange={(on) =>
                  NOTIFICATION_CHANNELS.forEach((channel) => {
                    if ((prefs()[kind]?.[channel] ?? false) !== on.includes(channel))
                      toggle(kind, channel, on.includes(channel))
                  })
                }
              />
            )}
          </For>
        </div>
        <FormError message={form.message()} />
        <Show when={saved()}>
          <Alert kind="success">{t('common.saved')}</Alert>
        </Show>
        <div>
          <button type="submit" class="button" disabled={form.pending()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </section>
  )
}

function ChangePassword() {
  const form = useMutation(changePasswordAction)
  const [current, setCurrent] = createSignal('')
  const [next, setNext] = createSignal('')
  const [done, setDone] = createSignal(false)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    setDone(false)
    const ok = await form.run(current(), next())
    if (ok) {
      setCurrent('')
      setNext('')
      setDone(true)
    }
  }
  return (
    <section class="panel" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.passwordTitle')}</h2>
      <form class="stack" onSubmit={submit}>
        <input type="text" name="username" autocomplete="username" hidden />
        <Field
          label={t('profile.currentPassword')}
          type="password"
          autocomplete="current-password"
          required
          value={current()}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          error={form.field('current')}
        />
        <NewPasswordField
          label={t('profile.newPassword')}
          value={next()}
          onInput={(e) => setNext(e.currentTarget.value)}
          error={form.field('next')}
        />
        <FormError message={form.message()} />
        <Show when={done()}>
          <Alert kind="success">{t('profile.passwordChanged')}</Alert>
        </Show>
        <button type="submit" class="button" disabled={form.pending()}>
          {t('profile.changePassword')}
        </button>
      </form>
    </section>
  )
}

function TwoStep() {
  const me = useMe()
  const form = useMutation(disableTotpAction)
  const [password, setPassword] = createSignal('')
  const [disabled, setDisabled] = createSignal(false)
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(password())) {
      setPassword('')
      setDisabled(true)
    }
  }
  return (
    <section class="panel" aria-labelledby="profile-totp">
      <h2 id="profile-totp">{t('profile.securityTitle')}</h2>
      <Show when={disabled()}>
        <Alert kind="success">{t('profile.disabled')}</Alert>
      </Show>
      <Show
        when={me().mfa.enrolled}
        fallback={
          <>
            <p>{t('profile.totpOff')}</p>
            <A href="/mfa/enrol" class="button">
              {t('profile.enrol')}
            </A>
          </>
        }
      >
        <p>{t('profile.totpOn')}</p>
        <Show when={!me().mfa.required} fallback={<p class="muted">{t('profile.totpRequired')}</p>}>
          <form class="stack" onSubmit={submit}>
            <Field
              label={t('common.password')}
              hint={t('profile.disableConfirm')}
              type="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              error={form.field('password')}
            />
            <FormError message={form.message()} />
            <button type="submit" class="button button--danger-outline" disabled={form.pending()}>
              {t('profile.disable')}
            </button>
          </form>
        </Show>
      </Show>
    </section>
  )
}

function Sessions() {
  const navigate = useNavigate()
  const form = useMutation(logoutEverywhereAction)
  const [asking, setAsking] = createSignal(false)
  async function logoutEverywhere() {
    if (await form.run()) {
      setAsking(false)
      navigate('/login', { replace: true })
    }
  }
  return (
    <section class="panel" aria-labelledby="profile-sessions">
      <h2 id="profile-sessions">{t('profile.sessionsTitle')}</h2>
      <p class="muted">{t('profile.sessionsIntro')}</p>
      <button type="button" class="button button--danger-outline" onClick={() => setAsking(true)}>
        {t('profile.logoutEverywhere')}
      </button>
      <ConfirmDialog
        open={asking()}
        title={t('profile.logoutEverywhere')}
        message={t('profile.logoutEverywhereConfirm')}
        confirmLabel={t('profile.logoutEverywhere')}
        danger
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void logoutEverywhere()}
        onCancel={() => setAsking(false)}
      />
    </section>
  )
}
