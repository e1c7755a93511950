import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { eventRoutes } from './eventRoutes.ts'
import { orgRoutes } from './orgRoutes.ts'

/**
 * Events (issue 16) for signed-in people: `/api/events/mine`, `/api/events/org/:orgId` (list,
 * create), `/api/events/:id/...` (detail, RSVP, answers, cancel, ICS). The thread is an ordinary
 * chat document whose access is the event's (server/access/threadAccess.ts); reminders are
 * scheduled communications sent by the communications worker.
 */
export const eventsApi = new Hono<AppEnv>()
eventsApi.use(requireAuth)
eventsApi.route('/', orgRoutes)
eventsApi.route('/', eventRoutes)
