import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  ChangePasswordBody,
  LoginBody,
  PasswordConfirmBody,
  PasswordResetBody,
  PasswordResetRequestBody,
  TotpCodeBody,
} from '../../schema/api/auth.ts'
import { AppError } from '../../schema/errors.ts'
import { MAIL } from '../../schema/i18n/mail.ts'
import { requiresMfa } from '../../schema/policy.ts'
import { deviceOf } from '../../server/auth/device.ts'
import { hashPassword, verifyPassword } from '../../server/auth/passwords.ts'
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  renewSession,
} from '../../server/auth/sessions.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { emailIs } from '../users/repository.ts'
import { clearSessionCookie, setSessionCookie } from './cookies.ts'
import { placeOf } from './place.ts'
import {
  accountKey,
  assertNotThrottled,
  clearFailures,
  recordFailure,
  throttled,
  throttleKeys,
  throttleState,
} from './rateLimit.ts'
import { consumeResetToken, createResetToken } from './resetTokens.ts'
import { consumeRecoveryCode, enrolmentMaterial, issueRecoveryCodes, newTotpKey, verifyTotp } from './totp.ts'

export const authRoutes = new Hono<AppEnv>()

/**
 * A sign-in, or a failed one, in the audit trail (issue 18: a person's activity history shows
 * their logins with the device and place where known). Platform-level (no organisation). A
 * failure names the account only when it exists, and never the email typed, so the trail tells no
 * one which emails exist. The address is the client's as `clientAddress` resolved it (the
 * socket's, or the forwarded one only behind a trusted proxy); the place only when a configured
 * lookup knows it (place.ts: none by default).
 */
async function auditLogin(
  c: Context<AppEnv>,
  action: 'auth.login' | 'auth.login_failed',
  userId: string | null,
) {
  const { db, placeLookup } = c.get('deps')
  const address = c.get('clientAddress')
  const place = await placeOf(placeLookup, address)
  return audit(db, {
    orgId: null,
    actorId: action === 'auth.login' ? userId : null,
    action,
    targetType: 'user',
    targetId: userId,
    details: {
      device: deviceOf(c.req.header('user-agent') ?? ''),
      ...(address !== 'unknown' ? { address } : {}),
      ...(place ? { place } : {}),
    },
  })
}

authRoutes.post(
  '/login',
  describeRoute({ summary: 'Sign in with email and password (and TOTP when enrolled)', tags: ['auth'] }),
  valid('json', LoginBody),
  async (c) => {
    const { db, config } = c.get('deps')
    const body = c.req.valid('json')
    const limits = config.loginThrottle
    const keys = throttleKeys(accountKey(body.email), c.get('clientAddress'))
    // An account at its limit waits whatever the password; an address at its limit lets only a
    // correct password (and second factor) through (rateLimit.ts).
    const throttle = await throttleState(db, keys, limits)
    if (throttle.account !== null) throw throttled(throttle.account)
    const fail = async (error: AppError) => {
      await recordFailure(db, keys, limits)
      return throttle.address !== null ? throttled(throttle.address) : error
    }
    const user = await db
      .selectFrom('users')
      .select(['id', 'password_hash', 'totp_key'])
      .where(emailIs(body.email))
      .executeTakeFirst()
    // Same answer, same time, for an unknown email and a wrong password.
    if (!(await verifyPassword(user?.password_hash ?? null, body.password)) || !user) {
      // Recorded for an unknown email too (without the email), so the row is no tell either.
      await auditLogin(c, 'auth.login_failed', user?.id ?? null)
      throw await fail(new AppError('invalid_credentials', 'The email or password is wrong.'))
    }
    let mfaVerified = false
    if (user.totp_key) {
      if (!body.totp && !body.recoveryCode) {
        throw new AppError('totp_required', 'Enter the six-digit code from your authenticator app.')
      }
      const ok = body.totp
        ? verifyTotp(new Uint8Array(user.totp_key), body.totp)
        : await consumeRecoveryCode(db, user.id, body.recoveryCode ?? '')
      if (!ok) {
        await auditLogin(c, 'auth.login_failed', user.id)
        throw await fail(
          new AppError('invalid_totp', 'That code is not valid. Check the time on your phone and try again.'),
        )
      }
      mfaVerified = true
    }
    await clearFailures(db, keys.account, limits)
    const { token, session } = await createSession(db, user.id, {
      mfaVerified,
      userAgent: c.req.header('user-agent') ?? '',
    })
    await auditLogin(c, 'auth.login', user.id)
    setSessionCookie(c, token, session.expiresAt, config.publicUrl)
    return c.json({ ok: true })
  },
)

authRoutes.post(
  '/logout',
  describeRoute({ summary: 'Sign out this session', tags: ['auth'] }),
  requireAuth,
  async (c) => {
    const { db, onAccessChanged } = c.get('deps')
    await invalidateSession(db, c.get('session').id)
    // Every instance forgets the cached session; collab closes the sockets it opened.
    onAccessChanged({ kind: 'user', userId: c.get('session').userId })
    clearSessionCookie(c)
    return c.json({ ok: true })
  },
)

authRoutes.post(
  '/logout-everywhere',
  describeRoute({ summary: 'Sign out every session of this user', tags: ['auth'] }),
  requireAuth,
  async (c) => {
    const { db, onAccessChanged } = c.get('deps')
    const userId = c.get('session').userId
    await invalidateUserSessions(db, userId)
    onAccessChanged({ kind: 'user', userId })
    clearSessionCookie(c)
    return c.json({ ok: true })
  },
)

authRoutes.post(
  '/password-reset/request',
  describeRoute({ summary: 'Email a single-use password reset link', tags: ['auth'] }),
  valid('json', PasswordResetRequestBody),
  async (c) => {
    const { db, mailer, config } = c.get('deps')
    const { email } = c.req.valid('json')
    const keys = throttleKeys(accountKey(`reset:${email}`), c.get('clientAddress'), 'reset:')
    await assertNotThrottled(db, keys, config.loginThrottle)
    await recordFailure(db, keys, config.loginThrottle)
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'language'])
      .where(emailIs(email))
      .executeTakeFirst()
    if (user) {
      const token = await createResetToken(db, user.id)
      const mail = MAIL[user.language].passwordReset({
        link: `${config.publicUrl}/reset-password?token=${token}`,
      })
      await mailer.enqueue(db, { to: user.email, ...mail, kind: 'password_reset' })
    }
    // The same answer whether or not the account exists.
    return c.json({ ok: true }, 202)
  },
)

authRoutes.post(
  '/password-reset',
  describeRoute({ summary: 'Set a new password with a reset token', tags: ['auth'] }),
  valid('json', PasswordResetBody),
  async (c) => {
    const { db, onAccessChanged } = c.get('deps')
    const { token, password } = c.req.valid('json')
    const passwordHash = await hashPassword(password)
    const userId = await db.transaction().execute(async (trx) => {
      const id = await consumeResetToken(trx, token)
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute()
      await invalidateUserSessions(trx, id)
      return id
    })
    onAccessChanged({ kind: 'user', userId })
    return c.json({ ok: true })
  },
)

authRoutes.post(
  '/password',
  describeRoute({ summary: 'Change password; signs out other sessions', tags: ['auth'] }),
  requireAuth,
  valid('json', ChangePasswordBody),
  async (c) => {
    const { db, onAccessChanged } = c.get('deps')
    const session = c.get('session')
    const body = c.req.valid('json')
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', session.userId)
      .executeTakeFirstOrThrow()
    if (!(await verifyPassword(user.password_hash, body.current))) {
      throw new AppError('invalid_credentials', 'The current password is wrong.')
    }
    const passwordHash = await hashPassword(body.next)
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', session.userId)
        .execute()
      await trx
        .deleteFrom('sessions')
        .where('user_id', '=', session.userId)
        .where('id', '!=', session.id)
        .execute()
    })
    // The other sessions end on every instance (cached sessions, open sockets).
    onAccessChanged({ kind: 'user', userId: session.userId })
    return c.json({ ok: true })
  },
)

authRoutes.post(
  '/totp/setup',
  describeRoute({
    summary: 'Start TOTP enrolment: returns the key as URI, text and QR (SVG)',
    tags: ['auth'],
  }),
  requireAuth,
  async (c) => {
    const { db } = c.get('deps')
    const userId = c.get('session').userId
    const key = newTotpKey()
    const user = await db
      .updateTable('users')
      .set({ totp_pending_key: key })
      .where('id', '=', userId)
      .returning(['email'])
      .executeTakeFirstOrThrow()
    return c.json(await enrolmentMaterial(key, user.email))
  },
)

authRoutes.post(
  '/totp/enable',
  describeRoute({
    summary: 'Confirm TOTP enrolment with a code; returns recovery codes once',
    tags: ['auth'],
  }),
  requireAuth,
  valid('json', TotpCodeBody),
  async (c) => {
    const { db, config, onAccessChanged } = c.get('deps')
    const session = c.get('session')
    const user = await db
      .selectFrom('users')
      .select(['totp_pending_key'])
      .where('id', '=', session.userId)
      .executeTakeFirstOrThrow()
    if (!user.totp_pending_key) throw new AppError('bad_request', 'Start the enrolment first.')
    if (!verifyTotp(new Uint8Array(user.totp_pending_key), c.req.valid('json').code)) {
      throw new AppError(
        'invalid_totp',
        'That code is not valid. Check the time on your phone and try again.',
      )
    }
    // A change of privilege: the session that proved the second factor is replaced by a new one
    // (and a new cookie); the old token, and the collab tokens and sockets bound to it, end.
    const { recoveryCodes, renewed } = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ totp_key: user.totp_pending_key, totp_pending_key: null })
        .where('id', '=', session.userId)
        .execute()
      const renewed = await renewSession(trx, session, {
        mfaVerified: true,
        userAgent: c.req.header('user-agent') ?? '',
      })
      return { recoveryCodes: await issueRecoveryCodes(trx, session.userId), renewed }
    })
    setSessionCookie(c, renewed.token, renewed.session.expiresAt, config.publicUrl)
    onAccessChanged({ kind: 'user', userId: session.userId })
    return c.json({ recoveryCodes })
  },
)

authRoutes.post(
  '/totp/disable',
  describeRoute({ summary: 'Turn TOTP off (not allowed where the role requires it)', tags: ['auth'] }),
  requireAuth,
  valid('json', PasswordConfirmBody),
  async (c) => {
    const { db, onProfileChanged } = c.get('deps')
    const principal = c.get('principal')
    if (requiresMfa(principal)) {
      throw new AppError('forbidden', 'Your role requires a second factor; it cannot be turned off.')
    }
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow()
    if (!(await verifyPassword(user.password_hash, c.req.valid('json').password))) {
      throw new AppError('invalid_credentials', 'The password is wrong.')
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ totp_key: null, totp_pending_key: null })
        .where('id', '=', principal.userId)
        .execute()
      await trx.deleteFrom('recovery_codes').where('user_id', '=', principal.userId).execute()
    })
    // /api/me shows whether a second factor is enrolled: every instance forgets its answer.
    onProfileChanged?.({ kind: 'user', userId: principal.userId })
    return c.json({ ok: true })
  },
)
