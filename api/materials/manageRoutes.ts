import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { grantRoutes } from './grantRoutes.ts'
import { materialFileRoutes } from './materialFileRoutes.ts'
import { productRoutes } from './productRoutes.ts'

/**
 * The publisher's side of partner materials (a management company or a cooperative): products,
 * which partner companies each is granted to, and the files under each. Strangers get 404,
 * members without a publishing role 403; grants, publishing and deletions are audited.
 */
export const materialManageRoutes = new Hono<AppEnv>()
  .route('/', productRoutes)
  .route('/', grantRoutes)
  .route('/', materialFileRoutes)
