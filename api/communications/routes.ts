import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { announcementRoutes } from './announcementRoutes.ts'
import { inboxRoutes } from './inboxRoutes.ts'
import { listRoutes } from './listRoutes.ts'
import { platformAnnouncementRoutes } from './platformRoutes.ts'
import { sendRoutes } from './sendRoutes.ts'

/**
 * Communications (issue 16) for signed-in people: `/api/communications/mine` (my messages),
 * `/api/communications/:orgId/...` (compose, sends, status, saved recipient lists),
 * `/api/announcements/...`.
 * Delivery itself is the worker's (server/communications/worker.ts), never a request's.
 */
export const communicationRoutes = new Hono<AppEnv>()
communicationRoutes.use(requireAuth)
communicationRoutes.route('/', inboxRoutes)
communicationRoutes.route('/', sendRoutes)
communicationRoutes.route('/', listRoutes)

export const announcementsApi = new Hono<AppEnv>()
announcementsApi.use(requireAuth)
announcementsApi.route('/platform', platformAnnouncementRoutes)
announcementsApi.route('/', announcementRoutes)
