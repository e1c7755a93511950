import { A } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { ActivityList } from './ActivityList.tsx'

/**
 * /profile/activity: the person's own activity history (what they did, and what was done to
 * their account), including their sign-ins with the device, the address and, where a configured
 * lookup knows it, the place.
 */
export function MyActivityPage() {
  return (
    <Page title={t('gdpr.myActivity.title')} intro={t('gdpr.myActivity.intro')} wide>
      <p>
        <A href="/profile">{t('gdpr.myActivity.back')}</A>
      </p>
      <ActivityList source="/gdpr/activity" label={t('gdpr.myActivity.title')} />
    </Page>
  )
}
