import { useParams } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'
import { AuditTable } from './AuditTable.tsx'

export function OrgAuditPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const name = () => me().organisations.find((o) => o.id === params.orgId)?.name
  return (
    <Page title={name() ? `${t('audit.title')} · ${name()}` : t('audit.title')} intro={t('audit.intro')} wide>
      <AuditTable path={`/orgs/${params.orgId}/audit`} />
    </Page>
  )
}
