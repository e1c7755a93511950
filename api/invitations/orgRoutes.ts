import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { InvitationCreateBody, OrgInvitationParams } from '../../schema/api/orgs.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { ROLES_BY_KIND, SCOPABLE_ROLES } from '../../schema/roles.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { createInvitation } from './create.ts'

/** Invitations of one organisation (mounted under /api/orgs, behind requireAuth). */
export const invitationRoutes = new Hono<AppEnv>()

invitationRoutes.post(
  '/:id/invitations',
  describeRoute({
    summary: 'Invite someone by email with a role (and optional building/apartment scope)',
    tags: ['orgs'],
  }),
  valid('param', IdParam),
  valid('json', InvitationCreateBody),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'members.manage')
    const body = c.req.valid('json')
    if (!ROLES_BY_KIND[org.kind].includes(body.role)) {
      throw new AppError(
        'validation_failed',
        `The role ${body.role} does not exist in this kind of organisation.`,
      )
    }
    if ((body.buildingId || body.apartmentId) && !SCOPABLE_ROLES.includes(body.role)) {
      throw new AppError(
        'validation_failed',
        `The role ${body.role} cannot be limited to a building or apartment.`,
      )
    }
    const { db } = c.get('deps')
    const actorId = c.get('session').userId
    // The scope must belong to this organisation (the foreign keys say so too).
    let buildingId = body.buildingId ?? null
    if (body.apartmentId) {
      const apt = await db
        .selectFrom('apartments')
        .select(['building_id'])
        .where('id', '=', body.apartmentId)
        .where('org_id', '=', org.id)
        .executeTakeFirst()
      if (!apt)
        throw new AppError('validation_failed', 'apartmentId: no such apartment in this organisation.')
      buildingId = apt.building_id
    } else if (buildingId) {
      const b = await db
        .selectFrom('buildings')
        .select('id')
        .where('id', '=', buildingId)
        .where('org_id', '=', org.id)
        .executeTakeFirst()
      if (!b) throw new AppError('validation_failed', 'buildingId: no such building in this organisation.')
    }
    const invitation = await db.transaction().execute(async (trx) => {
      const orgRow = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', org.id)
        .executeTakeFirstOrThrow()
      const inviter = await trx
        .selectFrom('users')
        .select('name')
        .where('id', '=', actorId)
        .executeTakeFirstOrThrow()
      return createInvitation(trx, c.get('deps'), {
        orgId: org.id,
        orgName: orgRow.name,
        actorId,
        inviterName: inviter.name,
        email: body.email,
        role: body.role,
        buildingId,
        apartmentId: body.apartmentId ?? null,
      })
    })
    return c.json(
      {
        invitation: {
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          expiresAt: invitation.expires_at,
        },
      },
      201,
    )
  },
)

invitationRoutes.get(
  '/:id/invitations',
  describeRoute({ summary: 'Open invitations of an organisation', tags: ['orgs'] }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'members.manage')
    const invitations = await c
      .get('deps')
      .db.selectFrom('invitations')
      .select([
        'id',
        'email',
        'role',
        'building_id as buildingId',
        'apartment_id as apartmentId',
        'created_at as createdAt',
        'expires_at as expiresAt',
      ])
      .where('org_id', '=', org.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('created_at', 'desc')
      .execute()
    return c.json({ invitations })
  },
)

invitationRoutes.delete(
  '/:id/invitations/:invitationId',
  describeRoute({ summary: 'Revoke an invitation', tags: ['orgs'] }),
  valid('param', OrgInvitationParams),
  async (c) => {
    const { id, invitationId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'members.manage')
    const { db } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('invitations')
        .set({ revoked_at: new Date() })
        .where('id', '=', invitationId)
        .where('org_id', '=', org.id)
        .where('accepted_at', 'is', null)
        .returning('email')
        .executeTakeFirst()
      if (!row) throw notFound('The invitation')
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('session').userId,
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: invitationId,
        details: { email: row.email },
      })
    })
    return c.json({ ok: true })
  },
)
