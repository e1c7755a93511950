import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ImportParams, ImportQuery } from '../../../schema/api/financeImport.ts'
import { notFound } from '../../../schema/errors.ts'
import { audit } from '../../admin/audit.ts'
import type { AppEnv } from '../../http/context.ts'
import { valid } from '../../http/validate.ts'
import { authorizeMeters } from '../../meters/access.ts'
import { authorizeFinance } from '../access.ts'
import { IMPORT_HANDLERS } from './kinds/index.ts'
import { IMPORT_DESCRIPTION, performImport } from './perform.ts'
import { takeImportSlot } from './rateLimit.ts'

/**
 * The same import from the portal: the accountant or manager uploads the ERP's CSV in the browser
 * (session and CSRF checks as everywhere; no API key in the page). Audited with the person.
 */
export const importUploadRoutes = new Hono<AppEnv>()

importUploadRoutes.post(
  '/:orgId/import/:kind',
  describeRoute({
    summary: 'Upload an import file as the accountant or manager (the same rows and report as /api/import)',
    description: IMPORT_DESCRIPTION,
    tags: ['finance'],
  }),
  valid('param', ImportParams),
  valid('query', ImportQuery),
  async (c) => {
    const { orgId, kind } = c.req.valid('param')
    const userId = c.get('session').userId
    return performImport(c, {
      kind,
      query: c.req.valid('query'),
      busy: `user:${userId}`,
      // Directory kinds (apartments) are uploaded by structure managers at /api/orgs/:id/import;
      // meters and readings here by the meter managers (property manager, maintenance), not finance.
      // Authorised first, so that nobody else's calls use up this person's limit.
      authorize: async () => {
        const meters = kind === 'meters' || kind === 'readings'
        if (!meters && IMPORT_HANDLERS[kind].scope !== 'finance:write') throw notFound('That import kind')
        const org = meters
          ? await authorizeMeters(c, orgId, 'meters.manage')
          : await authorizeFinance(c, orgId, 'finance.record')
        const { db, config } = c.get('deps')
        await takeImportSlot(db, `user:${userId}`, config.importRate)
        return org
      },
      // Only an authorised upload is recorded (the organisation may not even exist otherwise).
      audit: async (details, org) => {
        if (!org) return
        await audit(c.get('deps').db, {
          orgId: org.id,
          actorId: userId,
          action: `import.${kind}`,
          targetType: 'organisation',
          targetId: org.id,
          details,
        })
      },
    })
  },
)
