import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ApiKeyBody, type ApiKeyItem, ApiKeyParams, FinanceOrgParam } from '../../../schema/api/finance.ts'
import { notFound } from '../../../schema/errors.ts'
import { audit } from '../../admin/audit.ts'
import type { AppEnv } from '../../http/context.ts'
import { valid } from '../../http/validate.ts'
import { authorizeFinance } from '../access.ts'
import { createApiKey } from './apiKeys.ts'

/** The organisation admin creates (token shown once), lists and revokes the import API's keys. */
export const apiKeyRoutes = new Hono<AppEnv>()

apiKeyRoutes.get(
  '/:orgId/api-keys',
  describeRoute({ summary: "The organisation's API keys (never their secrets)", tags: ['finance'] }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'apikeys.manage')
    const rows = await c
      .get('deps')
      .db.selectFrom('api_keys')
      .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
      .where('org_id', '=', org.id)
      .orderBy('created_at', 'desc')
      .execute()
    const keys: ApiKeyItem[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      scopes: r.scopes,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    }))
    return c.json({ keys })
  },
)

apiKeyRoutes.post(
  '/:orgId/api-keys',
  describeRoute({
    summary: 'Create an API key; the token is in this answer only (send it as Authorization: Bearer)',
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  valid('json', ApiKeyBody),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'apikeys.manage')
    const { name, scopes } = c.req.valid('json')
    const actorId = c.get('session').userId
    const created = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const key = await createApiKey(trx, {
          orgId: org.id,
          name,
          scopes: [...new Set(scopes)],
          createdBy: actorId,
        })
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'apikey.create',
          targetType: 'api_key',
          targetId: key.id,
          details: { name, scopes },
        })
        return key
      })
    return c.json({ id: created.id, name, scopes, token: created.token }, 201)
  },
)

apiKeyRoutes.delete(
  '/:orgId/api-keys/:keyId',
  describeRoute({ summary: 'Revoke an API key (at once; kept for the audit trail)', tags: ['finance'] }),
  valid('param', ApiKeyParams),
  async (c) => {
    const { orgId, keyId } = c.req.valid('param')
    const org = await authorizeFinance(c, orgId, 'apikeys.manage')
    const actorId = c.get('session').userId
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable('api_keys')
          .set({ revoked_at: new Date() })
          .where('org_id', '=', org.id)
          .where('id', '=', keyId)
          .where('revoked_at', 'is', null)
          .returning(['id', 'name'])
          .executeTakeFirst()
        if (!row) throw notFound('The API key')
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'apikey.revoke',
          targetType: 'api_key',
          targetId: row.id,
          details: { name: row.name },
        })
      })
    return c.json({ ok: true })
  },
)
