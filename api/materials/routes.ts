import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { materialManageRoutes } from './manageRoutes.ts'
import { materialReadRoutes } from './readRoutes.ts'

/** Partner materials under `/api/materials/:orgId/...`: the publisher's side and the partner's. See docs/KB.md. */
export const materialRoutes = new Hono<AppEnv>()
materialRoutes.use(requireAuth)
materialRoutes.route('/', materialManageRoutes)
materialRoutes.route('/', materialReadRoutes)
