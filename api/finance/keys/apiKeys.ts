import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { ApiKeyScope } from '../../../schema/finance/kinds.ts'
import { hashSecret } from '../../../server/auth/sessions.ts'
import type { DB } from '../../../server/db/connect.ts'

/**
 * API keys for the ERP, after the session design: the token is `kpk_<id>.<secret>`, shown once;
 * only SHA-256(secret) is stored and compared in constant time. A key belongs to one organisation
 * and carries scopes; a revoked key is kept (for the audit trail) and never accepted again.
 */
export const API_KEY_PREFIX = 'kpk_'

const random = (bytes: number) =>
  encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)))

export async function createApiKey(
  db: DB,
  opts: { orgId: string; name: string; scopes: ApiKeyScope[]; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  const id = random(10)
  const secret = random(24)
  await db
    .insertInto('api_keys')
    .values({
      id,
      org_id: opts.orgId,
      name: opts.name,
      secret_hash: hashSecret(secret),
      scopes: opts.scopes,
      created_by: opts.createdBy,
    })
    .execute()
  return { id, token: `${API_KEY_PREFIX}${id}.${secret}` }
}

export interface ApiKey {
  id: string
  orgId: string
  name: string
  scopes: ApiKeyScope[]
}

/** The live key a bearer token names, or null (unknown, wrong secret, revoked, malformed). */
export async function validateApiKey(db: DB, token: string): Promise<ApiKey | null> {
  if (!token.startsWith(API_KEY_PREFIX)) return null
  const [id, secret, ...rest] = token.slice(API_KEY_PREFIX.length).split('.')
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 128) return null
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'org_id', 'name', 'secret_hash', 'scopes', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || row.revoked_at) return null
  if (!constantTimeEqual(new Uint8Array(row.secret_hash), hashSecret(secret))) return null
  await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', id).execute()
  return { id: row.id, orgId: row.org_id, name: row.name, scopes: row.scopes }
}
