import { A, type RouteSectionProps } from '@solidjs/router'
import { setLanguage, t } from '../i18n/index.ts'
import { LanguageSelect } from './LanguageSelect.tsx'

/** Pages before sign-in: brand, language, one centred card. */
export function PublicLayout(props: RouteSectionProps) {
  return (
    <div class="public">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="public__header">
        <A href="/login" class="brand">
          <span class="brand__mark" aria-hidden="true">
            ⌂
          </span>
          {t('app.name')}
        </A>
        <LanguageSelect onChange={setLanguage} compact />
      </header>
      <main id="main" class="public__main" tabindex="-1">
        {props.children}
      </main>
      <footer class="public__footer">{t('app.tagline')}</footer>
    </div>
  )
}
