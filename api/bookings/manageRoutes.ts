import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { blackoutRoutes } from './blackoutRoutes.ts'
import { categoryRoutes } from './categoryRoutes.ts'
import { linkRoutes } from './linkRoutes.ts'
import { resourceRoutes } from './resourceRoutes.ts'
import { shiftRoutes } from './shiftRoutes.ts'

/**
 * Staff: categories, quota groups, resources and rules, blackouts, links, standing shifts. One
 * sub-app per sub-resource; each route authorises `bookings.manage` itself (access.ts).
 */
export const manageRoutes = new Hono<AppEnv>()
  .route('/', categoryRoutes)
  .route('/', resourceRoutes)
  .route('/', blackoutRoutes)
  .route('/', linkRoutes)
  .route('/', shiftRoutes)
