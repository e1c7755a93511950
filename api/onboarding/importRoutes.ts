import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { ImportQuery } from '../../schema/api/financeImport.ts'
import { AppError } from '../../schema/errors.ts'
import { audit } from '../admin/audit.ts'
import { performImport } from '../finance/import/perform.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * Apartments from a CSV while onboarding a cooperative (mounted under /api/orgs): the same import
 * engine and per-row report as the ERP's `/api/import/:orgId/apartments` (API key with
 * directory:write), uploaded by whoever manages the structure. `?dryRun=1` checks without saving.
 */
export const apartmentImportRoutes = new Hono<AppEnv>()

apartmentImportRoutes.post(
  '/:id/import/apartments',
  describeRoute({
    summary: 'Import apartments (CSV, JSON array or NDJSON) with a per-row report',
    description:
      'Header building,staircase,number,areaM2,shareCount (optional externalId, address). A building or staircase named first is created.',
    tags: ['orgs'],
  }),
  valid('param', IdParam),
  valid('query', ImportQuery),
  async (c) => {
    const orgId = c.req.valid('param').id
    const userId = c.get('session').userId
    return performImport(c, {
      kind: 'apartments',
      query: c.req.valid('query'),
      busy: `user:${userId}`,
      authorize: async () => {
        const org = await authorizeOrg(c, orgId, 'org.structure.manage')
        if (org.kind !== 'housing_cooperative')
          throw new AppError('validation_failed', 'Only housing cooperatives have apartments.')
        return org
      },
      audit: async (details, org) => {
        if (!org) return
        await audit(c.get('deps').db, {
          orgId: org.id,
          actorId: userId,
          action: 'import.apartments',
          targetType: 'organisation',
          targetId: org.id,
          details,
        })
      },
    })
  },
)
