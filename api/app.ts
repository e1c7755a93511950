import { Hono } from 'hono'
import { openAPIRouteHandler } from 'hono-openapi'
import { AppError } from '../schema/errors.ts'
import { adminRoutes } from './admin/routes.ts'
import { historyRoutes } from './apartments/historyRoutes.ts'
import { apartmentRoutes } from './apartments/routes.ts'
import { attachmentRoutes, isAttachmentUpload } from './attachments/routes.ts'
import { authRoutes } from './auth/routes.ts'
import { boardRoutes } from './boards/routes.ts'
import { taskRoutes } from './boards/taskRoutes.ts'
import { bookingRoutes } from './bookings/routes.ts'
import { caseRoutes } from './cases/routes.ts'
import { threadRoutes } from './cases/threadRoutes.ts'
import { collabRoutes } from './collab/routes.ts'
import { announcementsApi, communicationRoutes } from './communications/routes.ts'
import { smsStatusRoutes } from './communications/smsStatusRoutes.ts'
import { dashboardRoutes } from './dashboards/routes.ts'
import { documentRoutes, isUploadRequest } from './documents/routes.ts'
import { eventsApi } from './events/routes.ts'
import { importRoutes, isImportRequest } from './finance/import/routes.ts'
import { financeRoutes } from './finance/routes.ts'
import { activityRoutes } from './gdpr/activityRoutes.ts'
import { gdprExportRoutes } from './gdpr/exportRoutes.ts'
import { gdprRoutes } from './gdpr/routes.ts'
import { createHealthProbe } from './health/probe.ts'
import type { AppDeps, AppEnv } from './http/context.ts'
import { toErrorResponse } from './http/errors.ts'
import { requestPipeline } from './http/pipeline.ts'
import { rememberingRouter } from './http/router.ts'
import { publicInvitationRoutes } from './invitations/publicRoutes.ts'
import { kbRoutes } from './kb/routes.ts'
import { devMailboxRoutes } from './mail/routes.ts'
import { isMaterialUpload } from './materials/materialFileRoutes.ts'
import { materialRoutes } from './materials/routes.ts'
import { isMeterPhotoUpload } from './meters/photoRoutes.ts'
import { metersRoutes } from './meters/routes.ts'
import { onboardingRoutes } from './onboarding/routes.ts'
import { orgInfoRoutes } from './orginfo/routes.ts'
import { orgRoutes } from './orgs/routes.ts'
import { registrationRoutes } from './registrations/routes.ts'
import { holdingRoutes } from './reports/holdings/routes.ts'
import { reportRoutes } from './reports/routes.ts'
import { searchRoutes } from './search/routes.ts'
import { meRoutes } from './users/routes.ts'
import { workQueueRoutes } from './workqueue/routes.ts'

/**
 * The HTTP API as a Hono app: `/api/*`. Thin chain per route: the request pipeline (security
 * headers, client address, CSRF, body limit: http/pipeline.ts) → auth → validate → handler;
 * errors become JSON in one place. Tests call `app.request()` without a network.
 */
export function createApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>()
  // File uploads stream to disk under their own limit (server/files/storage.ts).
  const streamsItsBody = (method: string, path: string) =>
    isUploadRequest(method, path) ||
    isAttachmentUpload(method, path) ||
    isMaterialUpload(method, path) ||
    isImportRequest(method, path) ||
    isMeterPhotoUpload(method, path)
  api.use(requestPipeline(deps, streamsItsBody))

  // A cached ping, at most one a second (health/probe.ts): a dead or stuck database still fails it.
  const probe = createHealthProbe(deps.db)
  api.get('/health', async (c) => {
    const { ok, dbMs, ageMs, error } = await probe.check()
    if (!ok) throw new AppError('internal', `The database is not answering: ${error}`, { details: { dbMs } })
    return c.json({ ok: true, db: deps.engine, dbMs, ageMs })
  })
  api.route('/auth', authRoutes)
  api.route('/me', meRoutes)
  api.route('/orgs', orgRoutes)
  api.route('/invitations', publicInvitationRoutes)
  api.route('/registrations', registrationRoutes)
  api.route('/admin', adminRoutes)
  api.route('/bookings', bookingRoutes)
  api.route('/boards', boardRoutes)
  api.route('/tasks', taskRoutes)
  api.route('/dev/mailbox', devMailboxRoutes)
  api.route('/search', searchRoutes)
  api.route('/documents', documentRoutes)
  api.route('/collab', collabRoutes)
  api.route('/cases', caseRoutes)
  api.route('/threads', threadRoutes)
  api.route('/kb', kbRoutes)
  api.route('/materials', materialRoutes)
  api.route('/attachments', attachmentRoutes)
  api.route('/finance', financeRoutes)
  api.route('/import', importRoutes)
  api.route('/onboarding', onboardingRoutes)
  api.route('/gdpr/exports', gdprExportRoutes)
  api.route('/gdpr/activity', activityRoutes)
  api.route('/gdpr', gdprRoutes)
  api.route('/reports', reportRoutes)
  api.route('/portfolios', holdingRoutes)
  api.route('/communications', communicationRoutes)
  api.route('/announcements', announcementsApi)
  api.route('/sms-status', smsStatusRoutes)
  api.route('/events', eventsApi)
  api.route('/meters', metersRoutes)
  api.route('/work-queue', workQueueRoutes)
  api.route('/dashboards', dashboardRoutes)
  api.route('/orginfo', orgInfoRoutes)
  api.route('/apartments', apartmentRoutes)
  api.route('/history', historyRoutes)

  api.get(
    '/openapi.json',
    openAPIRouteHandler(api, {
      documentation: {
        info: {
          title: 'Kotipiha API',
          version: '0.1.0',
          description: 'Errors are {"error":{"code","message"}}.',
        },
        servers: [{ url: '/api' }],
      },
    }),
  )
  // Anything else under /api is an unknown endpoint: a JSON 404 here, so the server's static
  // files and client-route fallback (api/httpServer.ts) never answer an API path with the app shell.
  api.all('*', () => {
    throw new AppError('not_found', 'No such endpoint.')
  })

  // The one error handler is the root's: a sub-app with an `onError` of its own has every one of
  // its handlers wrapped in another compose when mounted (hono-base `route()`), a cost on every
  // request for nothing, as both were `toErrorResponse`. Errors are still answered where they are
  // thrown (Hono's compose catches at each level), so the pipeline's headers apply to them.
  const root = new Hono<AppEnv>({ router: rememberingRouter() })
  root.route('/api', api)
  root.notFound((c) => toErrorResponse(new AppError('not_found', 'No such endpoint.'), c))
  root.onError(toErrorResponse)
  return root
}
