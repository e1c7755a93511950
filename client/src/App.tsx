import { Route, Router, type RouteSectionProps } from '@solidjs/router'
import { ErrorBoundary, Suspense } from 'solid-js'
import { AllOrgsPage } from './admin/AllOrgsPage.tsx'
import { PlatformAuditPage } from './admin/PlatformAuditPage.tsx'
import { ForgotPasswordPage } from './auth/ForgotPasswordPage.tsx'
import { LoginPage } from './auth/LoginPage.tsx'
import { MfaEnrolPage } from './auth/MfaEnrolPage.tsx'
import { ResetPasswordPage } from './auth/ResetPasswordPage.tsx'
import { BoardPage } from './boards/BoardPage.tsx'
import { BoardsPage } from './boards/BoardsPage.tsx'
import { MyTasksPage } from './boards/MyTasksPage.tsx'
import { BookingsPage } from './bookings/BookingsPage.tsx'
import { CaseDetailPage } from './cases/CaseDetailPage.tsx'
import { CaseReportPage } from './cases/CaseReportPage.tsx'
import { CasesPage } from './cases/CasesPage.tsx'
import { CategoriesPage } from './cases/CategoriesPage.tsx'
import { NotificationsPage } from './cases/NotificationsPage.tsx'
import { ChatPage } from './chat/ChatPage.tsx'
import { preloadChat } from './chat/preload.ts'
import { MailboxPage } from './dev/MailboxPage.tsx'
import { DocumentsPage } from './documents/DocumentsPage.tsx'
import { TrashPage } from './documents/TrashPage.tsx'
import { HomePage } from './home/HomePage.tsx'
import { t } from './i18n/index.ts'
import { AcceptInvitationPage } from './invitations/AcceptInvitationPage.tsx'
import { ArticleEditorPage } from './kb/ArticleEditor.tsx'
import { ArticlePage } from './kb/ArticlePage.tsx'
import { KbPage } from './kb/KbPage.tsx'
import { VersionsPage } from './kb/VersionsPage.tsx'
import { OrgAuditPage } from './orgs/AuditPage.tsx'
import { MembersPage } from './orgs/MembersPage.tsx'
import { OrgPage } from './orgs/OrgPage.tsx'
import { MaterialsPage } from './partners/MaterialsPage.tsx'
import { ProfilePage } from './profile/ProfilePage.tsx'
import { RegisterPartnerPage } from './registrations/RegisterPartnerPage.tsx'
import { RegistrationsPage } from './registrations/RegistrationsPage.tsx'
import { SearchPage } from './search/SearchPage.tsx'
import { NotFoundPage } from './shell/NotFoundPage.tsx'
import { PublicLayout } from './shell/PublicLayout.tsx'
import { Shell } from './shell/Shell.tsx'
import { Alert } from './ui/Alert.tsx'
import { errorMessage } from './ui/errors.ts'
import { Loading } from './ui/Page.tsx'

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
        <Route path="/search" component={SearchPage} />
        <Route path="/org/:orgId" component={OrgPage} />
        <Route path="/org/:orgId/members" component={MembersPage} />
        <Route path="/org/:orgId/audit" component={OrgAuditPage} />
        <Route path="/org/:orgId/chat/:threadId?" component={ChatPage} preload={preloadChat} />
        <Route path="/org/:orgId/cases" component={CasesPage} />
        <Route path="/org/:orgId/cases/new" component={CaseReportPage} />
        <Route path="/org/:orgId/cases/categories" component={CategoriesPage} />
        <Route path="/org/:orgId/cases/:caseId" component={CaseDetailPage} />
        <Route path="/org/:orgId/notifications" component={NotificationsPage} />
        <Route path="/org/:orgId/bookings" component={BookingsPage} />
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
        <Route path="/registrations" component={RegistrationsPage} />
        <Route path="/admin/orgs" component={AllOrgsPage} />
        <Route path="/admin/audit" component={PlatformAuditPage} />
        <Route path="*404" component={NotFoundPage} />
      </Route>
    </Router>
  )
}
