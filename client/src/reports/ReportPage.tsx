import { A, createAsync, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { REPORT_IDS, type ReportId } from '../../../schema/reports/common.ts'
import { type MessageKey, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { getCatalogue } from './data.ts'
import { ReportView } from './ReportView.tsx'

/** /org/:orgId/reports: the reports the caller's role shows here. */
export function ReportsPage() {
  const params = useParams<{ orgId: string }>()
  const catalogue = createAsync(() => getCatalogue(params.orgId))
  return (
    <Page title={t('reports.ui.indexTitle')} intro={t('reports.ui.indexIntro')} wide>
      <Show when={catalogue()} keyed>
        {(c) => (
          <Show when={c.reports.length > 0} fallback={<p class="empty">{t('reports.ui.noReports')}</p>}>
            <ul class="cards">
              <For each={c.reports}>
                {(id) => (
                  <li class="card">
                    <h2 class="card__title">
                      <A href={`/org/${params.orgId}/reports/${id}`}>
                        {t(`reports.title.${id}` as MessageKey)}
                      </A>
                    </h2>
                    <p class="muted">{t(`reports.about.${id}` as MessageKey)}</p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  )
}

/** /org/:orgId/reports/:report: one report. */
export function ReportPage() {
  const params = useParams<{ orgId: string; report: string }>()
  const report = () =>
    (REPORT_IDS as readonly string[]).includes(params.report) ? (params.report as ReportId) : null
  return (
    <Show when={report()} keyed fallback={<Page title={t('reports.ui.indexTitle')}>{null}</Page>}>
      {(id) => (
        <Page title={t(`reports.title.${id}` as MessageKey)} wide>
          <p>
            <A href={`/org/${params.orgId}/reports`}>{t('reports.ui.indexTitle')}</A>
          </p>
          <ReportView orgId={params.orgId} report={id} />
        </Page>
      )}
    </Show>
  )
}
