import { Hono } from 'hono'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { documentRoutes as documents } from './documentRoutes.ts'
import { folderRoutes } from './folderRoutes.ts'
import { trashRoutes } from './trashRoutes.ts'
import { versionRoutes } from './versionRoutes.ts'

/**
 * Document folders, documents and their versions under `/api/documents/:orgId/...`, assembled
 * from one small router per job. Every handler starts with the checks in `access.ts`.
 */
export const documentRoutes = new Hono<AppEnv>()
documentRoutes.use(requireAuth)
documentRoutes.route('/', folderRoutes)
documentRoutes.route('/', documents)
documentRoutes.route('/', versionRoutes)
documentRoutes.route('/', trashRoutes)

/** Upload routes take the file as the raw body; the app's small-body limit must not apply to them. */
export const isUploadRequest = (method: string, path: string) =>
  method === 'POST' &&
  /^\/api\/documents\/[^/]+\/(folders\/[^/]+\/documents|documents\/[^/]+\/versions)$/.test(path)
