import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { IdParam } from '../../schema/api/common.ts'
import { AuditQuery, MembershipPatchBody, OrgMemberParams, OrgStatusBody } from '../../schema/api/orgs.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { ROLES_BY_KIND } from '../../schema/roles.ts'
import { audit } from '../admin/audit.ts'
import { listAudit } from '../admin/auditLog.ts'
import { orgActivityRoutes } from '../gdpr/activityRoutes.ts'
import { gdprOrgRoutes } from '../gdpr/orgRoutes.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { invitationRoutes } from '../invitations/orgRoutes.ts'
import { bulkInvitationRoutes } from '../onboarding/bulkInvitations.ts'
import { apartmentImportRoutes } from '../onboarding/importRoutes.ts'
import { orgDetailRoutes } from '../onboarding/orgDetailRoutes.ts'
import { structureEditRoutes } from '../onboarding/structureEditRoutes.ts'
import { structureRestoreRoutes } from '../onboarding/structureRestore.ts'
import { retentionRoutes } from '../retention/routes.ts'
import { structureRoutes } from './structureRoutes.ts'

export const orgRoutes = new Hono<AppEnv>()
orgRoutes.use(requireAuth)

orgRoutes.get(
  '/:id',
  describeRoute({ summary: 'An organisation with its buildings, staircases and apartments', tags: ['orgs'] }),
  valid('param', IdParam),
  async (c) => {
    const { id } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'org.structure.read')
    const { db } = c.get('deps')
    const [row, buildings, staircases, apartments] = await Promise.all([
      db
        .selectFrom('organisations')
        .select([
          'id',
          'name',
          'kind',
          'status',
          'business_id',
          'address',
          'fiscal_year_start_month',
          'managed_by',
        ])
        .where('id', '=', org.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('buildings')
        .select(['id', 'name', 'address'])
        .where('org_id', '=', org.id)
        .orderBy('name')
        .execute(),
      db
        .selectFrom('staircases')
        .select(['id', 'building_id', 'name'])
        .where('org_id', '=', org.id)
        .orderBy('name')
        .execute(),
      db
        .selectFrom('apartments')
        .select(['id', 'building_id', 'staircase_id', 'number', 'area_m2', 'share_count'])
        .where('org_id', '=', org.id)
        .orderBy('number')
        .execute(),
    ])
    return c.json({
      organisation: row,
      buildings: buildings.map((b) => ({
        ...b,
        staircases: staircases.filter((s) => s.building_id === b.id).map(({ id, name }) => ({ id, name })),
        apartments: apartments
          .filter((a) => a.building_id === b.id)
          .map((a) => ({
            id: a.id,
            staircaseId: a.staircase_id,
            number: a.number,
            areaM2: Number(a.area_m2),
            shareCount: a.share_count,
          })),
      })),
    })
  },
)

orgRoutes.get(
  '/:id/members',
  describeRoute({ summary: 'Members of an organisation with roles and scope', tags: ['orgs'] }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'members.read')
    const members = await c
      .get('deps')
      .db.selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('buildings as b', 'b.id', 'm.building_id')
      .leftJoin('apartments as a', 'a.id', 'm.apartment_id')
      .select([
        'm.id',
        'm.user_id as userId',
        'u.name',
        'u.email',
        'm.role',
        'm.building_id as buildingId',
        'b.name as buildingName',
        'm.apartment_id as apartmentId',
        'a.number as apartmentNumber',
        'm.created_at as since',
      ])
      .where('m.org_id', '=', org.id)
      .orderBy('u.name')
      .execute()
    return c.json({ members })
  },
)

orgRoutes.patch(
  '/:id/members/:membershipId',
  describeRoute({ summary: 'Change the role of a membership', tags: ['orgs'] }),
  valid('param', OrgMemberParams),
  valid('json', MembershipPatchBody),
  async (c) => {
    const { id, membershipId } = c.req.valid('param')
    const { role } = c.req.valid('json')
    const org = await authorizeOrg(c, id, 'members.manage')
    if (!ROLES_BY_KIND[org.kind].includes(role)) {
      throw new AppError('validation_failed', `The role ${role} does not exist in this kind of organisation.`)
    }
    const { db, onAccessChanged } = c.get('deps')
    const actorId = c.get('session').userId
    const changed = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('memberships')
        .select(['user_id', 'role'])
        .where('id', '=', membershipId)
        .where('org_id', '=', org.id)
        .executeTakeFirst()
      if (!before) throw notFound('The membership')
      await trx
        .updateTable('memberships')
        .set({ role })
        .where('id', '=', membershipId)
        .where('org_id', '=', org.id)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'membership.role_changed',
        targetType: 'membership',
        targetId: membershipId,
        details: { userId: before.user_id, from: before.role, to: role },
      })
      return before
    })
    onAccessChanged({ kind: 'membership', orgId: org.id, userId: changed.user_id })
    return c.json({ ok: true })
  },
)

orgRoutes.delete(
  '/:id/members/:membershipId',
  describeRoute({ summary: 'Remove a membership', tags: ['orgs'] }),
  valid('param', OrgMemberParams),
  async (c) => {
    const { id, membershipId } = c.req.valid('param')
    const org = await authorizeOrg(c, id, 'members.manage')
    const { db, onAccessChanged } = c.get('deps')
    const actorId = c.get('session').userId
    const removed = await db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('memberships')
        .where('id', '=', membershipId)
        .where('org_id', '=', org.id)
        .returning(['user_id', 'role'])
        .executeTakeFirst()
      if (!row) throw notFound('The membership')
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'membership.removed',
        targetType: 'membership',
        targetId: membershipId,
        details: { userId: row.user_id, role: row.role },
      })
      return row
    })
    onAccessChanged({ kind: 'membership', orgId: org.id, userId: removed.user_id })
    return c.json({ ok: true })
  },
)

orgRoutes.put(
  '/:id/status',
  describeRoute({ summary: 'Suspend or reactivate an organisation', tags: ['orgs'] }),
  valid('param', IdParam),
  valid('json', OrgStatusBody),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'org.suspend')
    const { status, reason } = c.req.valid('json')
    const { db, onAccessChanged } = c.get('deps')
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('organisations').set({ status }).where('id', '=', org.id).execute()
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('session').userId,
        action: status === 'suspended' ? 'org.suspended' : 'org.reactivated',
        targetType: 'organisation',
        targetId: org.id,
        details: { reason },
      })
    })
    onAccessChanged({ kind: 'org', orgId: org.id })
    return c.json({ ok: true, status })
  },
)

orgRoutes.get(
  '/:id/audit',
  describeRoute({ summary: 'The audit log of an organisation, newest first', tags: ['orgs'] }),
  valid('param', IdParam),
  valid('query', AuditQuery),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'audit.read')
    const { before, limit } = c.req.valid('query')
    return c.json({ entries: await listAudit(c.get('deps').db, { orgId: org.id, before, limit }) })
  },
)

orgRoutes.route('/', bulkInvitationRoutes)
orgRoutes.route('/', invitationRoutes)
orgRoutes.route('/', structureRoutes)
orgRoutes.route('/', structureEditRoutes)
orgRoutes.route('/', structureRestoreRoutes)
orgRoutes.route('/', orgDetailRoutes)
orgRoutes.route('/', apartmentImportRoutes)
orgRoutes.route('/', gdprOrgRoutes)
orgRoutes.route('/', retentionRoutes)
orgRoutes.route('/', orgActivityRoutes)
