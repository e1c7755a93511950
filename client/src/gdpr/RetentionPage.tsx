import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { z } from 'zod'
import type { RetentionBody } from '../../../schema/api/gdpr.ts'
import { api } from '../api.ts'
import { formatDate, formatNumber, t, tPlural } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { Button } from '../ui/Button.tsx'
import { Field } from '../ui/Field.tsx'
import { mutation, useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { Skeleton } from '../ui/Skeleton.tsx'
import { mayManageRetention } from './nav.ts'

type Retention = z.infer<typeof RetentionBody>
type Key = keyof Retention

/** What `POST /api/orgs/:id/retention/dry-run` answers (api/retention/rules.ts). */
interface RetentionReport {
  cutoffs: { closedCases: string | null; chat: string | null; readings: string | null }
  counts: { closedCases: number; messages: number; readings: number }
}

const FIELDS: ReadonlyArray<{ key: Key; min: number }> = [
  { key: 'closedCasesDays', min: 30 },
  { key: 'chatDays', min: 30 },
  { key: 'readingsDays', min: 365 },
]

/**
 * /org/:orgId/retention: how long the organisation keeps closed cases, chat history and meter
 * readings, and a dry run of the daily job (docs/GDPR.md). The board and the auditor see the
 * settings and may run the dry run; admins and property managers also change them. Without a
 * role the API's 403 (404 for another organisation) becomes the route's error state.
 */
export function RetentionPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const settings = createAsync(() =>
    api.get<{ retention: Retention }>(`/orgs/${params.orgId}/retention`).then((r) => r.retention),
  )
  const title = () => (org() ? `${t('gdpr.retention.title')} · ${org()?.name}` : t('gdpr.retention.title'))
  return (
    <Page title={title()} intro={t('gdpr.retention.intro')}>
      <Show when={settings()} fallback={<Skeleton lines={3} />} keyed>
        {(saved) => (
          <Show when={mayManageRetention(me(), org())} fallback={<ReadOnly settings={saved} />}>
            <RetentionForm orgId={params.orgId} initial={saved} />
          </Show>
        )}
      </Show>
      <DryRun orgId={params.orgId} />
    </Page>
  )
}

function days(value: number | null): string {
  return value === null ? t('gdpr.retention.forever') : tPlural('gdpr.retention.days', value)
}

function ReadOnly(props: { settings: Retention }) {
  return (
    <section aria-labelledby="retention-settings">
      <h2 id="retention-settings">{t('gdpr.retention.settings')}</h2>
      <dl class="facts">
        <For each={FIELDS}>
          {(f) => (
            <div>
              <dt>{t(`gdpr.retention.field.${f.key}`)}</dt>
              <dd>{days(props.settings[f.key])}</dd>
            </div>
          )}
        </For>
      </dl>
      <p class="muted">{t('gdpr.retention.readOnly')}</p>
    </section>
  )
}

/** The settings page reads its own copy (no router query), so nothing is revalidated. */
const saveRetentionAction = mutation(
  'gdpr-retention-save',
  async (orgId: string, body: Retention) => {
    await api.put(`/orgs/${orgId}/retention`, body)
    return true
  },
  () => [],
)
const dryRunAction = mutation(
  'gdpr-retention-dry-run',
  (orgId: string) => api.post<{ report: RetentionReport }>(`/orgs/${orgId}/retention/dry-run`),
  () => [],
)

function RetentionForm(props: { orgId: string; initial: Retention }) {
  const form = useMutation(saveRetentionAction)
  const [saved, setSaved] = createSignal(false)
  const [values, setValues] = createSignal<Record<Key, string>>({
    closedCasesDays: props.initial.closedCasesDays?.toString() ?? '',
    chatDays: props.initial.chatDays?.toString() ?? '',
    readingsDays: props.initial.readingsDays?.toString() ?? '',
  })
  const set = (key: Key, value: string) => {
    setSaved(false)
    // A refusal is about the value that was sent: once it is edited, the message would mislead.
    if (form.error() !== undefined || form.field(key)) form.reset()
    setValues({ ...values(), [key]: value })
  }

  async function save(e: SubmitEvent) {
    e.preventDefault()
    // Whole days only; the ranges are the API's to judge (its 422 names the field).
    const body = {} as Retention
    const problems: Record<string, string> = {}
    for (const f of FIELDS) {
      const raw = values()[f.key].trim()
      if (raw === '') body[f.key] = null
      else if (/^\d+$/.test(raw)) body[f.key] = Number(raw)
      else problems[f.key] = t('gdpr.retention.wholeDays')
    }
    if (Object.keys(problems).length > 0) return form.setFieldProblems(problems)
    const done = await form.run(props.orgId, body)
    if (done) setSaved(true)
  }

  return (
    <section aria-labelledby="retention-settings">
      <h2 id="retention-settings">{t('gdpr.retention.settings')}</h2>
      <form onSubmit={save} novalidate class="stack retention-form">
        <FormError message={form.message()} />
        <For each={FIELDS}>
          {(f) => (
            <Field
              label={t(`gdpr.retention.field.${f.key}`)}
              hint={tPlural('gdpr.retention.hint', f.min)}
              error={form.field(f.key)}
              name={f.key}
              inputmode="numeric"
              autocomplete="off"
              value={values()[f.key]}
              onInput={(e) => set(f.key, e.currentTarget.value)}
            />
          )}
        </For>
        <Show when={saved()}>
          <Alert kind="success">{t('gdpr.retention.saved')}</Alert>
        </Show>
        <Button type="submit" pending={form.pending()}>
          {t('gdpr.retention.save')}
        </Button>
      </form>
    </section>
  )
}

function DryRun(props: { orgId: string }) {
  const form = useMutation(dryRunAction)
  const [report, setReport] = createSignal<RetentionReport>()
  async function run() {
    const res = await form.run(props.orgId)
    if (res) setReport(res.report)
  }
  const rows = (r: RetentionReport) => [
    { key: 'closedCasesDays' as const, count: r.counts.closedCases, cutoff: r.cutoffs.closedCases },
    { key: 'chatDays' as const, count: r.counts.messages, cutoff: r.cutoffs.chat },
    { key: 'readingsDays' as const, count: r.counts.readings, cutoff: r.cutoffs.readings },
  ]
  return (
    <section aria-labelledby="retention-dry-run">
      <h2 id="retention-dry-run">{t('gdpr.retention.dryRunTitle')}</h2>
      <p>{t('gdpr.retention.dryRunIntro')}</p>
      <FormError message={form.message()} />
      <Button variant="secondary" pending={form.pending()} onClick={run}>
        {t('gdpr.retention.dryRun')}
      </Button>
      <div aria-live="polite">
        <Show when={report()} keyed>
          {(r) => (
            <dl class="facts retention-report" data-testid="retention-report">
              <For each={rows(r)}>
                {(row) => (
                  <div>
                    <dt>{t(`gdpr.retention.removes.${row.key}`)}</dt>
                    <dd>
                      <strong>{formatNumber(row.count)}</strong>{' '}
                      <span class="muted">
                        (
                        {row.cutoff
                          ? t('gdpr.retention.olderThan', { date: formatDate(row.cutoff) })
                          : t('gdpr.retention.forever')}
                        )
                      </span>
                    </dd>
                  </div>
                )}
              </For>
            </dl>
          )}
        </Show>
      </div>
    </section>
  )
}
