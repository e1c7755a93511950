import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { DB } from '../db/connect.ts'
import { hashSecret } from './sessions.ts'

/**
 * Short-lived websocket tokens for clients that cannot send the session cookie. A token is bound
 * to one user and one session: logging out (or out everywhere) kills its tokens with it.
 */
export const COLLAB_TOKEN_TTL_MS = 60_000

export async function issueCollabToken(
  db: DB,
  session: { id: string; userId: string },
  now = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)))
  const expiresAt = new Date(now + COLLAB_TOKEN_TTL_MS)
  await db
    .insertInto('collab_tokens')
    .values({
      token_hash: hashSecret(token),
      user_id: session.userId,
      session_id: session.id,
      expires_at: expiresAt,
    })
    .execute()
  // Opportunistic clean-up keeps the table small without a separate job.
  await db
    .deleteFrom('collab_tokens')
    .where('expires_at', '<', new Date(now - COLLAB_TOKEN_TTL_MS))
    .execute()
  return { token, expiresAt }
}

export interface CollabTokenSession {
  userId: string
  sessionId: string
  mfaVerified: boolean
}

export async function validateCollabToken(db: DB, token: string): Promise<CollabTokenSession | null> {
  if (token.length === 0 || token.length > 100) return null
  const hash = hashSecret(token)
  const row = await db
    .selectFrom('collab_tokens as t')
    .innerJoin('sessions as s', 's.id', 't.session_id')
    .select([
      't.token_hash',
      't.user_id',
      't.session_id',
      't.expires_at',
      's.mfa_verified',
      's.expires_at as session_expires_at',
    ])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst()
  if (!row || !constantTimeEqual(new Uint8Array(row.token_hash), hash)) return null
  const now = Date.now()
  if (row.expires_at.getTime() <= now || row.session_expires_at.getTime() <= now) return null
  return { userId: row.user_id, sessionId: row.session_id, mfaVerified: row.mfa_verified }
}
