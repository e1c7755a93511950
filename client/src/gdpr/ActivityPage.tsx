import { useParams } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Page } from '../ui/Page.tsx'
import { ActivityList } from './ActivityList.tsx'

/**
 * /org/:orgId/activity: the organisation's activity history (its audit trail described in the
 * reader's language by the API, newest 500), filtered by date and downloadable as CSV, for its
 * admins, property managers and auditor. Others get the API's 403/404 as the route's error state.
 */
export function ActivityPage() {
  const params = useParams<{ orgId: string }>()
  const me = useMe()
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const title = () => (org() ? `${t('gdpr.activity.title')} · ${org()?.name}` : t('gdpr.activity.title'))
  return (
    <Page title={title()} intro={t('gdpr.activity.intro')} wide>
      <ActivityList source={`/orgs/${params.orgId}/activity`} label={t('gdpr.activity.title')} />
    </Page>
  )
}
