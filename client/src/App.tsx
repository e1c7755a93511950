import { Route, Router, type RouteSectionProps } from '@solidjs/router'
import { type Component, ErrorBoundary, lazy, Suspense } from 'solid-js'
import { LoginPage } from './auth/LoginPage.tsx'
import { preloadChat } from './chat/preload.ts'
import { HomePage } from './home/HomePage.tsx'
import { t } from './i18n/index.ts'
import { NotFoundPage } from './shell/NotFoundPage.tsx'
import { PublicLayout } from './shell/PublicLayout.tsx'
import { Shell } from './shell/Shell.tsx'
import { Alert } from './ui/Alert.tsx'
import { errorMessage } from './ui/errors.ts'
import { Loading } from './ui/Page.tsx'

/**
 * Pages other than the entry ones (home, login) are separate chunks, fetched when a link to them
 * is hovered or followed (the router calls `preload` of a lazy component): a resident opening the
 * chat does not download the board, booking and document code first.
 */
function page<K extends string, M extends Record<K, Component<RouteSectionProps>>>(
  load: () => Promise<M>,
  name: K,
) {
  return lazy(() => load().then((m) => ({ default: m[name] })))
}

const AllOrgsPage = page(() => import('./admin/AllOrgsPage.tsx'), 'AllOrgsPage')
const PlatformAuditPage = page(() => import('./admin/PlatformAuditPage.tsx'), 'PlatformAuditPage')
const PlatformAnnouncementsPage = page(
  () => import('./admin/PlatformAnnouncementsPage.tsx'),
  'PlatformAnnouncementsPage',
)
const MyFinancesPage = page(() => import('./finance/MyFinancesPage.tsx'), 'MyFinancesPage')
const CoopFinancePage = page(() => import('./finance/CoopFinancePage.tsx'), 'CoopFinancePage')
const CooperativesPage = page(() => import('./onboarding/CooperativesPage.tsx'), 'CooperativesPage')
const SetupPage = page(() => import('./onboarding/SetupPage.tsx'), 'SetupPage')
const ApartmentFinancePage = page(() => import('./finance/ApartmentFinancePage.tsx'), 'ApartmentFinancePage')
const ApiKeysPage = page(() => import('./finance/ApiKeysPage.tsx'), 'ApiKeysPage')
const SupplierPortalPage = page(() => import('./finance/SupplierPortalPage.tsx'), 'SupplierPortalPage')
const ReportsPage = page(() => import('./reports/ReportPage.tsx'), 'ReportsPage')
const ReportPage = page(() => import('./reports/ReportPage.tsx'), 'ReportPage')
const PortfolioPage = page(() => import('./reports/PortfolioPage.tsx'), 'PortfolioPage')
const HoldingsPage = page(() => import('./reports/HoldingsPage.tsx'), 'HoldingsPage')
const MessagesPage = page(() => import('./communications/MessagesPage.tsx'), 'MessagesPage')
const SendsPage = page(() => import('./communications/SendsPage.tsx'), 'SendsPage')
const ComposePage = page(() => import('./communications/ComposePage.tsx'), 'ComposePage')
const SendPage = page(() => import('./communications/SendPage.tsx'), 'SendPage')
const EventsPage = page(() => import('./events/EventsPage.tsx'), 'EventsPage')
const NewEventPage = page(() => import('./events/NewEventPage.tsx'), 'NewEventPage')
const EditEventPage = page(() => import('./events/EditEventPage.tsx'), 'EditEventPage')
const EventPage = page(() => import('./events/EventPage.tsx'), 'EventPage')
const ForgotPasswordPage = page(() => import('./auth/ForgotPasswordPage.tsx'), 'ForgotPasswordPage')
const MfaEnrolPage = page(() => import('./auth/MfaEnrolPage.tsx'), 'MfaEnrolPage')
const ResetPasswordPage = page(() => import('./auth/ResetPasswordPage.tsx'), 'ResetPasswordPage')
const BoardPage = page(() => import('./boards/BoardPage.tsx'), 'BoardPage')
const BoardsPage = page(() => import('./boards/BoardsPage.tsx'), 'BoardsPage')
const MyTasksPage = page(() => import('./boards/MyTasksPage.tsx'), 'MyTasksPage')
const BookingsPage = page(() => import('./bookings/BookingsPage.tsx'), 'BookingsPage')
const CaseDetailPage = page(() => import('./cases/CaseDetailPage.tsx'), 'CaseDetailPage')
const CaseReportPage = page(() => import('./cases/CaseReportPage.tsx'), 'CaseReportPage')
const CasesPage = page(() => import('./cases/CasesPage.tsx'), 'CasesPage')
const CategoriesPage = page(() => import('./cases/CategoriesPage.tsx'), 'CategoriesPage')
const NotificationsPage = page(() => import('./cases/NotificationsPage.tsx'), 'NotificationsPage')
const ChatPage = page(() => import('./chat/ChatPage.tsx'), 'ChatPage')
const MailboxPage = page(() => import('./dev/MailboxPage.tsx'), 'MailboxPage')
const DocumentsPage = page(() => import('./documents/DocumentsPage.tsx'), 'DocumentsPage')
const TrashPage = page(() => import('./documents/TrashPage.tsx'), 'TrashPage')
const AcceptInvitationPage = page(
  () => import('./invitations/AcceptInvitationPage.tsx'),
  'AcceptInvitationPage',
)
const ArticleEditorPage = page(() => import('./kb/ArticleEditor.tsx'), 'ArticleEditorPage')
const ArticlePage = page(() => import('./kb/ArticlePage.tsx'), 'ArticlePage')
const KbPage = page(() => import('./kb/KbPage.tsx'), 'KbPage')
const VersionsPage = page(() => import('./kb/VersionsPage.tsx'), 'VersionsPage')
const OrgAuditPage = page(() => import('./orgs/AuditPage.tsx'), 'OrgAuditPage')
const MembersPage = page(() => import('./orgs/MembersPage.tsx'), 'MembersPage')
const OrgPage = page(() => import('./orgs/OrgPage.tsx'), 'OrgPage')
const MaterialsPage = page(() => import('./partners/MaterialsPage.tsx'), 'MaterialsPage')
const ProfilePage = page(() => import('./profile/ProfilePage.tsx'), 'ProfilePage')
const DataPage = page(() => import('./gdpr/DataPage.tsx'), 'DataPage')
const RetentionPage = page(() => import('./gdpr/RetentionPage.tsx'), 'RetentionPage')
const ActivityPage = page(() => import('./gdpr/ActivityPage.tsx'), 'ActivityPage')
const ErasureRequestsPage = page(() => import('./gdpr/ErasureRequestsPage.tsx'), 'ErasureRequestsPage')
const OrgSettingsPage = page(() => import('./orgs/SettingsPage.tsx'), 'SettingsPage')
const RegisterPartnerPage = page(
  () => import('./registrations/RegisterPartnerPage.tsx'),
  'RegisterPartnerPage',
)
const RegistrationsPage = page(() => import('./registrations/RegistrationsPage.tsx'), 'RegistrationsPage')
const SearchPage = page(() => import('./search/SearchPage.tsx'), 'SearchPage')
const MetersPage = page(() => import('./meters/MetersPage.tsx'), 'MetersPage')
const MeterPage = page(() => import('./meters/MeterPage.tsx'), 'MeterPage')
const MeterReviewPage = page(() => import('./meters/ReviewPage.tsx'), 'ReviewPage')
const RoundsPage = page(() => import('./meters/RoundsPage.tsx'), 'RoundsPage')
const RoundPage = page(() => import('./meters/RoundsPage.tsx'), 'RoundPage')
const ShowcasePage = page(() => import('./ui/ShowcasePage.tsx'), 'ShowcasePage')
const WorkQueuePage = page(() => import('./workqueue/WorkQueuePage.tsx'), 'WorkQueuePage')
const OrgInfoPage = page(() => import('./dashboards/OrgInfoPage.tsx'), 'OrgInfoPage')
const MyApartmentsPage = page(() => import('./dashboards/MyApartmentPage.tsx'), 'MyApartmentsPage')
const MyApartmentPage = page(() => import('./dashboards/MyApartmentPage.tsx'), 'MyApartmentPage')
const HistoryIndexPage = page(() => import('./dashboards/HistoryPage.tsx'), 'HistoryIndexPage')
const HistoryPage = page(() => import('./dashboards/HistoryPage.tsx'), 'HistoryPage')
const DefaultsPage = page(() => import('./dashboards/DefaultsPage.tsx'), 'DefaultsPage')

function Root(props: RouteSectionProps) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => {
        // Keep the cause visible to developers; the user sees the translated message.
        console.error('[kotipiha] page failed', error)
        return (
          <main class="public__main">
            <Alert kind="error">{errorMessage(error)}</Alert>
            <button type="button" class="button" onClick={reset}>
              {t('common.retry')}
            </button>
          </main>
        )
      }}
    >
      <Suspense fallback={<Loading />}>{props.children}</Suspense>
    </ErrorBoundary>
  )
}

/** Every page. Signed-out pages share the public layout; the rest live in the shell. */
export function App() {
  return (
    <Router root={Root}>
      <Route path="/" component={PublicLayout}>
        <Route path="/login" component={LoginPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route path="/invitation" component={AcceptInvitationPage} />
        <Route path="/register-partner" component={RegisterPartnerPage} />
        <Route path="/dev/mailbox" component={MailboxPage} />
      </Route>
      <Route path="/" component={Shell}>
        <Route path="/" component={HomePage} />
        <Route path="/mfa/enrol" component={MfaEnrolPage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="/profile/data" component={DataPage} />
        <Route path="/search" component={SearchPage} />
        <Route path="/org/:orgId" component={OrgPage} />
        <Route path="/org/:orgId/members" component={MembersPage} />
        <Route path="/org/:orgId/audit" component={OrgAuditPage} />
        <Route path="/org/:orgId/retention" component={RetentionPage} />
        <Route path="/org/:orgId/activity" component={ActivityPage} />
        <Route path="/org/:orgId/erasure-requests" component={ErasureRequestsPage} />
        <Route path="/org/:orgId/settings" component={OrgSettingsPage} />
        <Route path="/org/:orgId/chat/:threadId?" component={ChatPage} preload={preloadChat} />
        <Route path="/org/:orgId/cases" component={CasesPage} />
        <Route path="/org/:orgId/cases/new" component={CaseReportPage} />
        <Route path="/org/:orgId/cases/categories" component={CategoriesPage} />
        <Route path="/org/:orgId/cases/:caseId" component={CaseDetailPage} />
        <Route path="/org/:orgId/notifications" component={NotificationsPage} />
        <Route path="/org/:orgId/bookings" component={BookingsPage} />
        <Route path="/org/:orgId/info" component={OrgInfoPage} />
        <Route path="/org/:orgId/apartment" component={MyApartmentsPage} />
        <Route path="/org/:orgId/apartment/:apartmentId" component={MyApartmentPage} />
        <Route path="/org/:orgId/history" component={HistoryIndexPage} />
        <Route path="/org/:orgId/history/:kind/:id" component={HistoryPage} />
        <Route path="/org/:orgId/dashboard-defaults" component={DefaultsPage} />
        <Route path="/org/:orgId/boards" component={BoardsPage} />
        <Route path="/org/:orgId/boards/:boardId" component={BoardPage} />
        <Route path="/org/:orgId/tasks" component={MyTasksPage} />
        <Route path="/org/:orgId/documents/trash" component={TrashPage} />
        <Route path="/org/:orgId/documents/:folderId?" component={DocumentsPage} />
        <Route path="/org/:orgId/kb" component={KbPage} />
        <Route path="/org/:orgId/kb/new" component={ArticleEditorPage} />
        <Route path="/org/:orgId/kb/:articleId" component={ArticlePage} />
        <Route path="/org/:orgId/kb/:articleId/edit" component={ArticleEditorPage} />
        <Route path="/org/:orgId/kb/:articleId/versions" component={VersionsPage} />
        <Route path="/org/:orgId/materials" component={MaterialsPage} />
        <Route path="/org/:orgId/finance" component={CoopFinancePage} />
        <Route path="/org/:orgId/finance/mine" component={MyFinancesPage} />
        <Route path="/org/:orgId/onboarding" component={CooperativesPage} />
        <Route path="/org/:orgId/setup" component={SetupPage} />
        <Route path="/org/:orgId/finance/apartments/:apartmentId" component={ApartmentFinancePage} />
        <Route path="/org/:orgId/api-keys" component={ApiKeysPage} />
        <Route path="/org/:orgId/supplier-invoices" component={SupplierPortalPage} />
        <Route path="/org/:orgId/reports" component={ReportsPage} />
        <Route path="/org/:orgId/reports/:report" component={ReportPage} />
        <Route path="/org/:orgId/portfolio" component={PortfolioPage} />
        <Route path="/org/:orgId/portfolio/holdings" component={HoldingsPage} />
        <Route path="/messages" component={MessagesPage} />
        <Route path="/org/:orgId/messages" component={MessagesPage} />
        <Route path="/org/:orgId/communications" component={SendsPage} />
        <Route path="/org/:orgId/communications/new" component={ComposePage} />
        <Route path="/org/:orgId/communications/:sendId" component={SendPage} />
        <Route path="/org/:orgId/events" component={EventsPage} />
        <Route path="/org/:orgId/events/new" component={NewEventPage} />
        <Route path="/org/:orgId/events/:eventId" component={EventPage} />
        <Route path="/org/:orgId/events/:eventId/edit" component={EditEventPage} />
        <Route path="/org/:orgId/meters" component={MetersPage} />
        <Route path="/org/:orgId/meters/review" component={MeterReviewPage} />
        <Route path="/org/:orgId/meters/rounds" component={RoundsPage} />
        <Route path="/org/:orgId/meters/rounds/:roundId" component={RoundPage} />
        <Route path="/org/:orgId/meters/:meterId" component={MeterPage} />
        <Route path="/work-queue" component={WorkQueuePage} />
        <Route path="/ui" component={ShowcasePage} />
        <Route path="/registrations" component={RegistrationsPage} />
        <Route path="/admin/orgs" component={AllOrgsPage} />
        <Route path="/admin/audit" component={PlatformAuditPage} />
        <Route path="/admin/announcements" component={PlatformAnnouncementsPage} />
        <Route path="*404" component={NotFoundPage} />
      </Route>
    </Router>
  )
}
