import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { consumptionRoutes } from './consumptionRoutes.ts'
import { meterRoutes } from './meterRoutes.ts'
import { photoRoutes } from './photoRoutes.ts'
import { readingRoutes } from './readingRoutes.ts'
import { roundRoutes } from './roundRoutes.ts'

/**
 * Meters under `/api/meters/:orgId/...` (docs/METERS.md). Fixed segments (rounds, consumption,
 * review, readings/…) are mounted before the `/:orgId/:meterId` routes so they are never read as
 * a meter id.
 */
export const metersRoutes = new Hono<AppEnv>()
metersRoutes.use(requireAuth)
metersRoutes.route('/', roundRoutes)
metersRoutes.route('/', consumptionRoutes)
metersRoutes.route('/', photoRoutes)
metersRoutes.route('/', readingRoutes)
metersRoutes.route('/', meterRoutes)
