import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { cooperativeRoutes } from './cooperativeRoutes.ts'
import { importUploadRoutes } from './import/uploadRoutes.ts'
import { invoicePdfRoutes } from './invoicePdfRoutes.ts'
import { apiKeyRoutes } from './keys/routes.ts'
import { mineRoutes } from './mineRoutes.ts'
import { paymentRoutes } from './paymentRoutes.ts'
import { supplierRoutes } from './supplierRoutes.ts'
import { supplierSubmitRoutes } from './supplierSubmitRoutes.ts'

/**
 * Finance under `/api/finance/:orgId/...` for signed-in people (one sub-app per job). The ERP's
 * import API, authenticated by API keys instead of sessions, is `/api/import` (import/routes.ts).
 */
export const financeRoutes = new Hono<AppEnv>()
financeRoutes.use(requireAuth)
financeRoutes.route('/', mineRoutes)
financeRoutes.route('/', invoicePdfRoutes)
financeRoutes.route('/', cooperativeRoutes)
financeRoutes.route('/', supplierRoutes)
financeRoutes.route('/', supplierSubmitRoutes)
financeRoutes.route('/', paymentRoutes)
financeRoutes.route('/', apiKeyRoutes)
financeRoutes.route('/', importUploadRoutes)
