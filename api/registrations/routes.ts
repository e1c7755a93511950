import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import {
  RegistrationCreateBody,
  RegistrationDecisionBody,
  RegistrationListQuery,
} from '../../schema/api/registrations.ts'
import { AppError } from '../../schema/errors.ts'
import { MAIL } from '../../schema/i18n/mail.ts'
import { can } from '../../schema/policy.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import { validateSessionToken } from '../../server/auth/sessions.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth, sessionToken } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { emailIs } from '../users/repository.ts'
import { decideRegistration } from './registrationDecider.ts'

export const registrationRoutes = new Hono<AppEnv>()

registrationRoutes.post(
  '/',
  describeRoute({ summary: 'Register a partner company; waits for approval', tags: ['registrations'] }),
  valid('json', RegistrationCreateBody),
  async (c) => {
    const { db, mailer } = c.get('deps')
    const body = c.req.valid('json')
    const token = sessionToken(c)
    const session = token ? await validateSessionToken(db, token) : null
    const taken = await db
      .selectFrom('organisations')
      .select('id')
      .where('business_id', '=', body.businessId)
      .executeTakeFirst()
    if (taken)
      throw new AppError('business_id_taken', 'A company with this business ID is already registered.')
    let userId = session?.userId
    if (!userId) {
      const existing = await db.selectFrom('users').select('id').where(emailIs(body.email)).executeTakeFirst()
      if (existing)
        throw new AppError(
          'email_taken',
          'An account with this email exists: sign in first, then register the company.',
        )
      if (!body.password)
        throw new AppError('validation_failed', 'password: choose a password for your account.')
    }
    const passwordHash = userId ? null : await hashPassword(body.password ?? '')
    const registration = await db.transaction().execute(async (trx) => {
      if (!userId) {
        const user = await trx
          .insertInto('users')
          .values({
            email: body.email,
            name: body.contactName,
            phone: body.phone ?? null,
            language: body.language,
            password_hash: passwordHash,
            totp_key: null,
            totp_pending_key: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        userId = user.id
      }
      const row = await trx
        .insertInto('registrations')
        .values({
          company_name: body.companyName,
          business_id: body.businessId,
          contact_name: body.contactName,
          email: body.email,
          phone: body.phone ?? null,
          products: body.products,
          user_id: userId,
          reason: null,
          org_id: null,
          reviewed_by: null,
          reviewed_at: null,
        })
        .returning(['id', 'status', 'created_at'])
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw new AppError(
              'business_id_taken',
              'A registration with this business ID is already pending or was blocked.',
            )
          }
          throw error
        })
      await mailer.enqueue(trx, {
        to: body.email,
        ...MAIL[body.language].registrationReceived({ company: body.companyName }),
        kind: 'registration_received',
      })
      return row
    })
    return c.json({ registration: { id: registration.id, status: registration.status } }, 201)
  },
)

registrationRoutes.get(
  '/',
  describeRoute({
    summary: 'The registrations queue (platform admins and management staff)',
    tags: ['registrations'],
  }),
  requireAuth,
  valid('query', RegistrationListQuery),
  async (c) => {
    if (!can(c.get('principal'), 'registrations.review', { type: 'platform' })) {
      throw new AppError(
        'forbidden',
        'Only platform admins and the org admins and property managers of a management company review registrations.',
      )
    }
    const registrations = await c
      .get('deps')
      .db.selectFrom('registrations')
      .select([
        'id',
        'company_name as companyName',
        'business_id as businessId',
        'contact_name as contactName',
        'email',
        'phone',
        'products',
        'status',
        'reason',
        'org_id as orgId',
        'created_at as createdAt',
        'reviewed_at as reviewedAt',
      ])
      .where('status', '=', c.req.valid('query').status)
      .orderBy('created_at', 'asc')
      .limit(200)
      .execute()
    return c.json({ registrations })
  },
)

registrationRoutes.post(
  '/:id/decision',
  describeRoute({
    summary: 'Approve, reject (with reason) or block a registration',
    tags: ['registrations'],
  }),
  requireAuth,
  valid('param', IdParam),
  valid('json', RegistrationDecisionBody),
  async (c) => {
    if (!can(c.get('principal'), 'registrations.review', { type: 'platform' })) {
      throw new AppError(
        'forbidden',
        'Only platform admins and the org admins and property managers of a management company review registrations.',
      )
    }
    const result = await decideRegistration(c.get('deps'), {
      registrationId: c.req.valid('param').id,
      reviewerId: c.get('session').userId,
      ...c.req.valid('json'),
    })
    return c.json(result)
  },
)
