import { createEffect, createSignal, For, type JSX, on, Show } from 'solid-js'
import {
  type AnnouncementInput,
  type AnnouncementReach,
  type AnnouncementReachInput,
  SEVERITIES,
  type Severity,
} from '../../../schema/communications/api.ts'
import { t, tPlural } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { DateTimeField, isCompleteDateTime } from '../ui/DateTimeField.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { publishAnnouncementAction } from './data.ts'

/**
 * Composing an announcement: severity, window, title and text in fi, sv and en. Shared by an
 * organisation's communications page and the platform admins' announcements page, which differ
 * only in where it is published (`orgId`, absent for the platform's), whom it reaches (`reach`, asked again whenever the
 * severity or `extra` changes, and shown before publishing) and what is said beside it (`children`).
 */
const LANGS = ['fi', 'sv', 'en'] as const
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

export function AnnouncementForm(props: {
  /** The publishing organisation; absent: a platform announcement. */
  orgId?: string
  onPublished: () => void
  extra?: () => Partial<AnnouncementInput>
  reach?: (q: AnnouncementReachInput) => Promise<AnnouncementReach>
  children?: JSX.Element
}) {
  const [severity, setSeverity] = createSignal<Severity>('info')
  const [startsAt, setStartsAt] = createSignal(local(new Date()))
  const [endsAt, setEndsAt] = createSignal(local(new Date(Date.now() + 7 * 86_400_000)))
  const [texts, setTexts] = createSignal({
    fi: { title: '', body: '' },
    sv: { title: '', body: '' },
    en: { title: '', body: '' },
  })
  const [done, setDone] = createSignal(false)
  const [reach, setReach] = createSignal<AnnouncementReach>()
  const form = useMutation(publishAnnouncementAction)
  createEffect(
    on([severity, () => props.extra?.().orgIds], ([sev, orgIds]) => {
      const ask = props.reach
      if (!ask) return
      // No organisation chosen yet: nothing to ask (the picker says to choose one).
      if (orgIds && orgIds.length === 0) return setReach(undefined)
      void ask({ severity: sev, ...(orgIds ? { orgIds } : {}) })
        .then(setReach)
        .catch(() => setReach(undefined))
    }),
  )
  const set = (lang: (typeof LANGS)[number], key: 'title' | 'body', value: string) =>
    setTexts((all) => ({ ...all, [lang]: { ...all[lang], [key]: value } }))
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setDone(false)
    const problems: Record<string, string> = {}
    if (!isCompleteDateTime(startsAt())) problems.startsAt = t('ui.dateTime.incomplete')
    if (!isCompleteDateTime(endsAt())) problems.endsAt = t('ui.dateTime.incomplete')
    if (Object.keys(problems).length > 0) return form.setFieldProblems(problems)
    const ok = await form.run(props.orgId ?? null, {
      severity: severity(),
      startsAt: new Date(startsAt()).toISOString(),
      endsAt: new Date(endsAt()).toISOString(),
      texts: texts(),
      ...props.extra?.(),
    })
    if (!ok) return
    setDone(true)
    props.onPublished()
  }
  return (
    <form class="form" onSubmit={submit}>
      {props.children}
      <SelectField
        label={t('communications.severity')}
        value={severity()}
        onChange={(e) => setSeverity(e.currentTarget.value as Severity)}
      >
        <For each={SEVERITIES}>{(s) => <option value={s}>{t(`communications.severities.${s}`)}</option>}</For>
      </SelectField>
      <div class="form__row">
        <DateTimeField
          legend={t('communications.startsAt')}
          value={startsAt()}
          onChange={setStartsAt}
          error={form.field('startsAt')}
        />
        <DateTimeField
          legend={t('communications.endsAt')}
          value={endsAt()}
          onChange={setEndsAt}
          error={form.field('endsAt')}
        />
      </div>
      <For each={LANGS}>
        {(lang) => (
          <>
            <Field
              label={t('communications.titleIn', { lang })}
              value={texts()[lang].title}
              maxLength={200}
              required
              onInput={(e) => set(lang, 'title', e.currentTarget.value)}
            />
            <Field
              label={t('communications.bodyIn', { lang })}
              value={texts()[lang].body}
              maxLength={4000}
              onInput={(e) => set(lang, 'body', e.currentTarget.value)}
            />
          </>
        )}
      </For>
      <Show when={props.reach}>
        <section class="compose__preview" aria-live="polite" aria-label={t('communications.reachTitle')}>
          <Show when={reach()}>{(r) => <ReachView reach={r()} critical={severity() === 'critical'} />}</Show>
        </section>
      </Show>
      <FormError message={form.message()} />
      <Show when={done()}>
        <Alert kind="success">{t('communications.published')}</Alert>
      </Show>
      <button type="submit" class="button button--primary" disabled={form.pending()}>
        {t('communications.publish')}
      </button>
    </form>
  )
}

/** Who it reaches: the banner, and for a critical one email and SMS and who cannot be reached. */
function ReachView(props: { reach: AnnouncementReach; critical: boolean }) {
  const r = () => props.reach
  const count = (c: string) => r().perChannel.find((x) => x.channel === c)?.recipients ?? 0
  return (
    <>
      <p data-testid="announcement-reach">
        <strong>{tPlural('communications.reachBanner', r().people, { orgs: r().organisations })}</strong>
      </p>
      <Show when={props.critical}>
        <ul class="inline-list">
          <li>
            {t('communications.perChannel', {
              channel: t('communications.channels.email'),
              count: count('email'),
            })}
          </li>
          <li>
            {t('communications.perChannel', {
              channel: t('communications.channels.sms'),
              count: count('sms'),
            })}
          </li>
          <li>{t('communications.reachBannerOnly', { count: r().bannerOnly })}</li>
        </ul>
        <Show when={r().unreachableCount > 0}>
          <details>
            <summary>{t('communications.unreachable', { count: r().unreachableCount })}</summary>
            <Show when={r().unreachable.length < r().unreachableCount}>
              <p class="muted">{t('communications.unreachableListed', { count: r().unreachable.length })}</p>
            </Show>
            <ul>
              <For each={r().unreachable}>
                {(u) => (
                  <li>
                    {t('communications.unreachableRow', {
                      name: u.name,
                      channel: t(`communications.channels.${u.channel}`),
                    })}
                  </li>
                )}
              </For>
            </ul>
          </details>
        </Show>
      </Show>
      <Show when={!props.critical}>
        <p class="muted">{t('communications.reachNotCritical')}</p>
      </Show>
      <Show when={r().people === 0}>
        <p class="muted">{t('communications.emptyAudience')}</p>
      </Show>
    </>
  )
}
