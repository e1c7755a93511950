import type { Context, MiddlewareHandler } from 'hono'
import { AppError, notFound } from '../../../schema/errors.ts'
import type { ApiKeyScope } from '../../../schema/finance/kinds.ts'
import type { OrgRef } from '../../../schema/policy.ts'
import { loadOrgRef } from '../../../server/access/principal.ts'
import type { AppEnv } from '../../http/context.ts'
import { type ApiKey, validateApiKey } from '../keys/apiKeys.ts'
import { takeImportSlot } from './rateLimit.ts'

export interface ImportEnv {
  Variables: AppEnv['Variables'] & { apiKey: ApiKey }
}

/**
 * `Authorization: Bearer kpk_…`: the key must be live (401 otherwise, a revoked one included),
 * and within its rate limit (429, rateLimit.ts). No session cookie is read here, so a browser's
 * ambient credentials never reach the import.
 */
export const requireApiKey: MiddlewareHandler<ImportEnv> = async (c, next) => {
  const header = c.req.header('authorization')
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
  const key = token ? await validateApiKey(c.get('deps').db, token) : null
  if (!key) throw new AppError('unauthenticated', 'A valid API key is required (Authorization: Bearer …).')
  const { db, config } = c.get('deps')
  await takeImportSlot(db, `key:${key.id}`, config.importRate)
  c.set('apiKey', key)
  await next()
}

/** The organisation of the URL, which must be the key's own (404 otherwise), and the scope. */
export async function keyOrg(c: Context<ImportEnv>, orgId: string, scope: ApiKeyScope): Promise<OrgRef> {
  const key = c.get('apiKey')
  if (key.orgId !== orgId) throw notFound('The organisation')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (!org) throw notFound('The organisation')
  if (org.status !== 'active') throw new AppError('org_suspended', 'The organisation is suspended.')
  if (!key.scopes.includes(scope)) {
    throw new AppError('forbidden', `This key lacks the scope "${scope}".`)
  }
  return org
}
