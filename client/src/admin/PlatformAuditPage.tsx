import { t } from '../i18n/index.ts'
import { AuditTable } from '../orgs/AuditTable.tsx'
import { Page } from '../ui/Page.tsx'

export function PlatformAuditPage() {
  return (
    <Page title={t('audit.platformTitle')} intro={t('audit.intro')} wide>
      <AuditTable path="/admin/audit" showOrg />
    </Page>
  )
}
