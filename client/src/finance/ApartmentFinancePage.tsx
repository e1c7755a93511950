import { createAsync, useParams, useSearchParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { getApartment } from './data.ts'
import { Apartment } from './MyFinancesPage.tsx'

/**
 * /org/:orgId/finance/apartments/:apartmentId?invoice=: one apartment's invoices, payments and
 * balance for the cooperative's finance staff, where an invoice found in the search opens (marked
 * and scrolled to). The API decides who may see it (404 for anyone else).
 */
export function ApartmentFinancePage() {
  const params = useParams<{ orgId: string; apartmentId: string }>()
  const [search] = useSearchParams<{ invoice?: string }>()
  const finance = createAsync(() => getApartment(params.orgId, params.apartmentId))
  return (
    <Page title={t('finance.apartmentStaffTitle')}>
      <p>
        <a href={`/org/${params.orgId}/finance`}>{t('finance.navCoop')}</a>
      </p>
      <Show when={finance()} keyed>
        {(f) => <Apartment finance={f} staff highlight={search.invoice} />}
      </Show>
    </Page>
  )
}
