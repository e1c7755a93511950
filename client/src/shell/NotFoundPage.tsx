import { A } from '@solidjs/router'
import { t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'

export function NotFoundPage() {
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <A href="/">{t('notFound.home')}</A>
      </p>
    </Page>
  )
}
