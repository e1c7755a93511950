import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { kbArticleRoutes } from './articleRoutes.ts'
import { kbCategoryRoutes } from './categoryRoutes.ts'
import { kbReadRoutes } from './readRoutes.ts'
import { kbVersionRoutes } from './versionRoutes.ts'

/**
 * The knowledge base under `/api/kb/:orgId/...`: reading (with the shared articles of the
 * managing company), writing, versions and categories. See docs/KB.md.
 */
export const kbRoutes = new Hono<AppEnv>()
kbRoutes.use(requireAuth)
kbRoutes.route('/', kbReadRoutes)
kbRoutes.route('/', kbArticleRoutes)
kbRoutes.route('/', kbVersionRoutes)
kbRoutes.route('/', kbCategoryRoutes)
