import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp'
import { renderSVG } from 'uqr'
import { hashSecret } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'

const PERIOD_SECONDS = 30
const DIGITS = 6
const RECOVERY_CODES = 10

export function newTotpKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(20))
}

export function verifyTotp(key: Uint8Array, code: string): boolean {
  // One period of grace either side absorbs clock drift between phone and server.
  return verifyTOTPWithGracePeriod(key, PERIOD_SECONDS, DIGITS, code, PERIOD_SECONDS)
}

export async function enrolmentMaterial(key: Uint8Array, accountEmail: string) {
  const uri = createTOTPKeyURI('Kotipiha', accountEmail, key, PERIOD_SECONDS, DIGITS)
  // uqr: a small QR encoder with no dependencies (qrcode pulled in yargs for its CLI).
  const qrSvg = renderSVG(uri, { ecc: 'M', border: 1 })
  const secret = new URL(uri).searchParams.get('secret') ?? ''
  return { uri, qrSvg, secret }
}

/** Issues fresh single-use recovery codes (replacing old ones); only their hashes are kept. */
export async function issueRecoveryCodes(db: DB, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(8)))
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`
  })
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashSecret(code), used_at: null })))
    .execute()
  return codes
}

export async function consumeRecoveryCode(db: DB, userId: string, code: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashSecret(code.trim().toLowerCase()))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
