import { A, useParams } from '@solidjs/router'
import { For } from 'solid-js'
import { type MessageKey, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { INVESTOR_REPORTS } from './filters.ts'
import { ReportView } from './ReportView.tsx'

/**
 * /org/:orgId/portfolio: the investor portal's landing page. The portfolio overview (report 6)
 * with links to the other investor reports and the holdings.
 */
export function PortfolioPage() {
  const params = useParams<{ orgId: string }>()
  return (
    <Page title={t('reports.title.portfolio')} wide>
      <nav aria-label={t('reports.ui.otherReports')} class="report__links">
        <ul>
          <For each={INVESTOR_REPORTS.filter((r) => r !== 'portfolio')}>
            {(id) => (
              <li>
                <A href={`/org/${params.orgId}/reports/${id}`}>{t(`reports.title.${id}` as MessageKey)}</A>
              </li>
            )}
          </For>
          <li>
            <A href={`/org/${params.orgId}/portfolio/holdings`}>{t('reports.ui.holdings')}</A>
          </li>
        </ul>
      </nav>
      <ReportView orgId={params.orgId} report="portfolio" />
    </Page>
  )
}
