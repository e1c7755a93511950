import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { z } from 'zod'
import { Token } from '../../schema/api/common.ts'
import { InvitationAcceptBody } from '../../schema/api/orgs.ts'
import { AppError } from '../../schema/errors.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import { createSession, hashSecret, validateSessionToken } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import { setSessionCookie } from '../auth/cookies.ts'
import type { AppEnv } from '../http/context.ts'
import { sessionToken } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { emailIs } from '../users/repository.ts'

/** Looking at and accepting an invitation: reachable before signing in. */
export const publicInvitationRoutes = new Hono<AppEnv>()

async function findOpenInvitation(db: DB, token: string) {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 'i.email', 'i.role', 'i.building_id', 'i.apartment_id', 'o.name as orgName'])
    .where('i.token_hash', '=', hashSecret(token))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', new Date())
    .executeTakeFirst()
  if (!row)
    throw new AppError('token_invalid', 'This invitation has expired, was revoked or was already used.')
  return row
}

publicInvitationRoutes.get(
  '/:token',
  describeRoute({ summary: 'What an invitation is for', tags: ['invitations'] }),
  valid('param', z.strictObject({ token: Token })),
  async (c) => {
    const { db } = c.get('deps')
    const inv = await findOpenInvitation(db, c.req.valid('param').token)
    const account = await db.selectFrom('users').select('id').where(emailIs(inv.email)).executeTakeFirst()
    return c.json({
      organisation: inv.orgName,
      role: inv.role,
      email: inv.email,
      accountExists: Boolean(account),
    })
  },
)

publicInvitationRoutes.post(
  '/accept',
  describeRoute({
    summary: 'Accept an invitation: links to the signed-in account or creates one',
    tags: ['invitations'],
  }),
  valid('json', InvitationAcceptBody),
  async (c) => {
    const { db, config, onAccessChanged } = c.get('deps')
    const body = c.req.valid('json')
    const inv = await findOpenInvitation(db, body.token)
    const token = sessionToken(c)
    const session = token ? await validateSessionToken(db, token) : null
    const existing = await db.selectFrom('users').select(['id']).where(emailIs(inv.email)).executeTakeFirst()
    let userId: string
    if (existing) {
      // Only the owner of the invited address may accept for that account.
      if (session?.userId !== existing.id) {
        throw new AppError(
          'email_taken',
          `An account for ${inv.email} exists: sign in as that user, then accept again.`,
        )
      }
      userId = existing.id
    } else {
      if (!body.name || !body.password) {
        throw new AppError('validation_failed', 'Give your name and a password to create your account.')
      }
      const passwordHash = await hashPassword(body.password)
      const created = await db
        .insertInto('users')
        .values({
          email: inv.email,
          name: body.name,
          password_hash: passwordHash,
          phone: null,
          totp_key: null,
          totp_pending_key: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      userId = created.id
    }
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('invitations')
        .set({ accepted_at: new Date() })
        .where('id', '=', inv.id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('token_invalid', 'This invitation was already used.')
      await trx
        .insertInto('memberships')
        .values({
          org_id: inv.org_id,
          user_id: userId,
          role: inv.role,
          building_id: inv.building_id,
          apartment_id: inv.apartment_id,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await audit(trx, {
        orgId: inv.org_id,
        actorId: userId,
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: inv.id,
        details: { role: inv.role },
      })
    })
    onAccessChanged({ kind: 'membership', orgId: inv.org_id, userId })
    if (!session) {
      const created = await createSession(db, userId, {
        mfaVerified: false,
        userAgent: c.req.header('user-agent') ?? '',
      })
      setSessionCookie(c, created.token, created.session.expiresAt, config.publicUrl)
    }
    return c.json({ ok: true, organisationId: inv.org_id })
  },
)
