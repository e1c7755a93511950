import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  type Audience,
  ListParams,
  OrgParam,
  type SavedList,
  SavedListInput,
} from '../../schema/communications/api.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { jsonb } from '../../server/db/json.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeCommunications } from './access.ts'

/**
 * Saved recipient lists of one organisation: a named audience ("board and manager") the composer
 * loads instead of ticking the same groups again. For the organisation's senders only (the same
 * check as sending: a member without the role 403, anyone else 404). A list holds groups, not
 * people: it is resolved when a message is sent, so it follows moves in and out; a place id of
 * another organisation in it reaches nobody, as in any audience.
 */
export const listRoutes = new Hono<AppEnv>()

const parsedAudience = (v: unknown): Audience => (typeof v === 'string' ? JSON.parse(v) : v) as Audience

listRoutes.get(
  '/:orgId/lists',
  describeRoute({ summary: 'Saved recipient lists of the organisation', tags: ['communications'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.send')
    const rows = await c
      .get('deps')
      .db.selectFrom('communication_lists')
      .select(['id', 'name', 'audience', 'created_at'])
      .where('org_id', '=', org.id)
      .orderBy('name')
      .execute()
    const lists: SavedList[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      audience: parsedAudience(r.audience),
      createdAt: new Date(r.created_at).toISOString(),
    }))
    return c.json({ lists })
  },
)

listRoutes.post(
  '/:orgId/lists',
  describeRoute({ summary: 'Save a recipient list (a named audience)', tags: ['communications'] }),
  valid('param', OrgParam),
  valid('json', SavedListInput),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.send')
    const input = c.req.valid('json')
    const actorId = c.get('principal').userId
    try {
      const id = await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          const row = await trx
            .insertInto('communication_lists')
            .values({
              org_id: org.id,
              name: input.name,
              audience: jsonb(input.audience),
              created_by: actorId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          await audit(trx, {
            orgId: org.id,
            actorId,
            action: 'communication.list_saved',
            targetType: 'communication_list',
            targetId: row.id,
            details: { name: input.name, groups: input.audience.segments.length },
          })
          return row.id
        })
      return c.json({ id }, 201)
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('conflict', 'A recipient list of that name exists already: choose another name.')
      throw e
    }
  },
)

listRoutes.delete(
  '/:orgId/lists/:id',
  describeRoute({ summary: 'Delete a saved recipient list', tags: ['communications'] }),
  valid('param', ListParams),
  async (c) => {
    const { orgId, id } = c.req.valid('param')
    const org = await authorizeCommunications(c, orgId, 'communications.send')
    const actorId = c.get('principal').userId
    const deleted = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        // The organisation from the row: another organisation's list id is simply not found here.
        const row = await trx
          .deleteFrom('communication_lists')
          .where('org_id', '=', org.id)
          .where('id', '=', id)
          .returning('name')
          .executeTakeFirst()
        if (!row) return false
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'communication.list_deleted',
          targetType: 'communication_list',
          targetId: id,
          details: { name: row.name },
        })
        return true
      })
    if (!deleted) throw notFound('The recipient list')
    return c.body(null, 204)
  },
)
