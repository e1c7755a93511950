import { hash } from 'node:crypto'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { DB } from '../db/connect.ts'

/**
 * Sessions after the Lucia design: the token is `<id>.<secret>`; only SHA-256(secret) is stored
 * and compared in constant time, so a leaked sessions table cannot be replayed. Sliding expiry:
 * a session used in the second half of its life is extended to a full period again.
 */
export const SESSION_COOKIE = 'kp_session'
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

export interface Session {
  id: string
  userId: string
  mfaVerified: boolean
  expiresAt: Date
}

function randomSecret(bytes = 24): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** SHA-256 of a secret, by Node's native hash (the pure-JS one showed in issue 19's profile). */
export function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(hash('sha256', secret, 'buffer'))
}

export async function createSession(
  db: DB,
  userId: string,
  opts: { mfaVerified: boolean; userAgent?: string },
): Promise<{ token: string; session: Session }> {
  const id = randomSecret(15)
  const secret = randomSecret()
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      secret_hash: hashSecret(secret),
      mfa_verified: opts.mfaVerified,
      expires_at: expiresAt,
      user_agent: (opts.userAgent ?? '').slice(0, 300),
    })
    .execute()
  return { token: `${id}.${secret}`, session: { id, userId, mfaVerified: opts.mfaVerified, expiresAt } }
}

/** Resolves a token to its live session, extending it when past half-life; null when invalid. */
export async function validateSessionToken(db: DB, token: string): Promise<Session | null> {
  const [id, secret, ...rest] = token.split('.')
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 128) return null
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'secret_hash', 'mfa_verified', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  if (!constantTimeEqual(new Uint8Array(row.secret_hash), hashSecret(secret))) return null
  const now = Date.now()
  if (row.expires_at.getTime() <= now) {
    await db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  let expiresAt = row.expires_at
  if (expiresAt.getTime() - now < SESSION_TTL_MS / 2) {
    expiresAt = new Date(now + SESSION_TTL_MS)
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute()
  }
  return { id: row.id, userId: row.user_id, mfaVerified: row.mfa_verified, expiresAt }
}

/**
 * Renewal on a change of privilege (the second factor enrolled): a fresh session replaces the old
 * one, whose token stops working at once, so a token that leaked before the change never carries
 * the new rights. Run it in the transaction that makes the change.
 */
export async function renewSession(
  db: DB,
  old: Session,
  opts: { mfaVerified: boolean; userAgent?: string },
): Promise<{ token: string; session: Session }> {
  await invalidateSession(db, old.id)
  return createSession(db, old.userId, opts)
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

export async function invalidateUserSessions(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}
