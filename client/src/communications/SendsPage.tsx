import { A, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { SEVERITIES, type Severity } from '../../../schema/communications/api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { createFormState } from '../ui/form.ts'
import { Page } from '../ui/Page.tsx'
import { getOrgAnnouncements, getSends, publishAnnouncement, withdrawAnnouncement } from './data.ts'

/** /org/:orgId/communications: the organisation's sends with their totals, and its announcements. */
export function SendsPage() {
  const params = useParams<{ orgId: string }>()
  const [sends] = createResource(() => params.orgId, getSends)
  return (
    <Page title={t('communications.sendsTitle')} intro={t('communications.sendsIntro')}>
      <p>
        <A class="button button--primary" href={`/org/${params.orgId}/communications/new`}>
          {t('communications.newSend')}
        </A>
      </p>
      <Show when={sends()}>
        {(s) => (
          <Show when={s().sends.length > 0} fallback={<p class="empty">{t('communications.noSends')}</p>}>
            <ul class="sends">
              <For each={s().sends}>
                {(send) => (
                  <li class="send-row">
                    <A href={`/org/${params.orgId}/communications/${send.id}`}>{send.subject}</A>
                    <span class="muted">
                      {' '}
                      · {formatDateTime(send.createdAt)} ·{' '}
                      {t('communications.previewCount', { count: send.recipients })}
                      {' · '}
                      {t('communications.statuses.sent')}{' '}
                      {send.totals.sent + send.totals.read + send.totals.delivered},{' '}
                      {t('communications.statuses.queued')} {send.totals.queued}
                      <Show when={send.totals.failed > 0}>
                        , {t('communications.statuses.failed')} {send.totals.failed}
                      </Show>
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Announcements orgId={params.orgId} />
    </Page>
  )
}

const LANGS = ['fi', 'sv', 'en'] as const
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

function Announcements(props: { orgId: string }) {
  const [list, { refetch }] = createResource(() => props.orgId, getOrgAnnouncements)
  const [severity, setSeverity] = createSignal<Severity>('info')
  const [startsAt, setStartsAt] = createSignal(local(new Date()))
  const [endsAt, setEndsAt] = createSignal(local(new Date(Date.now() + 7 * 86_400_000)))
  const [texts, setTexts] = createSignal({
    fi: { title: '', body: '' },
    sv: { title: '', body: '' },
    en: { title: '', body: '' },
  })
  const [done, setDone] = createSignal(false)
  const form = createFormState()
  const set = (lang: (typeof LANGS)[number], key: 'title' | 'body', value: string) =>
    setTexts((all) => ({ ...all, [lang]: { ...all[lang], [key]: value } }))
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setDone(false)
    const ok = await form.run(() =>
      publishAnnouncement(props.orgId, {
        severity: severity(),
        startsAt: new Date(startsAt()).toISOString(),
        endsAt: new Date(endsAt()).toISOString(),
        texts: texts(),
      }),
    )
    if (ok) {
      setDone(true)
      await refetch()
    }
  }
  return (
    <section aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">{t('communications.announcementsTitle')}</h2>
      <ul class="sends">
        <For each={list()?.announcements ?? []}>
          {(a) => (
            <li class="send-row">
              <strong>{a.texts.fi.title}</strong>{' '}
              <span class="muted">
                {t(`communications.severities.${a.severity}`)} · {formatDateTime(a.startsAt)}–
                {formatDateTime(a.endsAt)}
              </span>{' '}
              <button
                type="button"
                class="button button--small"
                onClick={async () => {
                  await withdrawAnnouncement(a.id)
                  await refetch()
                }}
              >
                {t('communications.withdraw')}
              </button>
            </li>
          )}
        </For>
      </ul>
      <details>
        <summary>{t('communications.newAnnouncement')}</summary>
        <form class="form" onSubmit={submit}>
          <SelectField
            label={t('communications.severity')}
            value={severity()}
            onChange={(e) => setSeverity(e.currentTarget.value as Severity)}
          >
            <For each={SEVERITIES}>
              {(s) => <option value={s}>{t(`communications.severities.${s}`)}</option>}
            </For>
          </SelectField>
          <Field
            label={t('communications.startsAt')}
            type="datetime-local"
            value={startsAt()}
            required
            onInput={(e) => setStartsAt(e.currentTarget.value)}
          />
          <Field
            label={t('communications.endsAt')}
            type="datetime-local"
            value={endsAt()}
            required
            onInput={(e) => setEndsAt(e.currentTarget.value)}
          />
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
          <FormError message={form.message()} />
          <Show when={done()}>
            <Alert kind="success">{t('communications.published')}</Alert>
          </Show>
          <button type="submit" class="button button--primary" disabled={form.pending()}>
            {t('communications.publish')}
          </button>
        </form>
      </details>
    </section>
  )
}
