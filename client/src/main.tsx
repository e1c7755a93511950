import { render } from 'solid-js/web'
import { App } from './App.tsx'
import { registerBoardsNav } from './boards/nav.ts'
import { registerBookingsNav } from './bookings/nav.ts'
import { registerCasesNav } from './cases/nav.ts'
import { registerChatNav } from './chat/nav.ts'
import { installCollab } from './collab/install.ts'
import { registerCommunicationsNav } from './communications/nav.ts'
import { registerDashboardsNav } from './dashboards/nav.ts'
import { registerDocumentsNav } from './documents/nav.ts'
import { registerEventsNav } from './events/nav.ts'
import { registerFinanceNav } from './finance/nav.ts'
import { registerGdprNav } from './gdpr/nav.ts'
import { language, loadLanguage } from './i18n/index.ts'
import { registerKbNav } from './kb/nav.ts'
import { registerMetersNav } from './meters/nav.ts'
import { registerOnboardingNav } from './onboarding/nav.ts'
import { registerSettingsNav } from './orgs/settingsNav.ts'
import { registerReportsNav } from './reports/nav.ts'
import { applyStoredTheme } from './ui/theme.ts'
// Every style sheet in the main chunk, in this order (the cascade they were written for): pages
// are split, styles are not. Page chunks share class names (a thread on the case page, the
// chat badge in the navigation), and all of it is 41 KB (8 KB brotli).
import './ui/tokens.css'
import './boards/boards.css'
import './attachments/attachments.css'
import './bookings/bookings.css'
import './cases/cases.css'
import './chat/chat.css'
import './documents/documents.css'
import './kb/kb.css'
import './finance/finance.css'
import './onboarding/onboarding.css'
import './reports/reports.css'
import './communications/communications.css'
import './events/events.css'
import './meters/meters.css'
import './workqueue/workqueue.css'
import './dashboards/dashboards.css'
import './gdpr/gdpr.css'
import './orgs/settings.css'
import './search/search.css'
import './collab/collab.css'
import './styles.css'
import './ui/components.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
// A page chunk of the build this tab started with is gone once a new build is deployed: load
// the new build instead of showing the error (Vite fires this when a dynamic import fails).
// Offline, or again within a minute, the error boundary shows the error with its retry button.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('kotipiha_reloaded_at') ?? 0)
  if (!navigator.onLine || Date.now() - last < 60_000) return
  event.preventDefault()
  sessionStorage.setItem('kotipiha_reloaded_at', String(Date.now()))
  location.reload()
})
applyStoredTheme()
// The first render is in the remembered language, not Finnish first.
await loadLanguage(language())
installCollab()
registerChatNav()
registerCasesNav()
registerBookingsNav()
registerBoardsNav()
registerDocumentsNav()
registerKbNav()
registerFinanceNav()
registerOnboardingNav()
registerReportsNav()
registerCommunicationsNav()
registerEventsNav()
registerMetersNav()
registerDashboardsNav()
registerGdprNav()
registerSettingsNav()
render(() => <App />, root)
