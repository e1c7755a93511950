import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { AppError } from '../../schema/errors.ts'
import { hashSecret } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'

const RESET_TTL_MS = 60 * 60 * 1000

export async function createResetToken(db: DB, userId: string): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(25)))
  await db
    .insertInto('password_resets')
    .values({
      token_hash: hashSecret(token),
      user_id: userId,
      expires_at: new Date(Date.now() + RESET_TTL_MS),
      used_at: null,
    })
    .execute()
  return token
}

/** Marks the token used and returns its user; expired, used and unknown tokens are one error. */
export async function consumeResetToken(db: DB, token: string): Promise<string> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst()
  if (!row)
    throw new AppError('token_invalid', 'This link has expired or was already used. Ask for a new one.')
  return row.user_id
}
