import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { IdParam } from '../../schema/api/common.ts'
import { ErasureParams, ErasureRefusalBody } from '../../schema/api/gdpr.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { enqueue } from '../../server/outbox/enqueue.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { eraseUser } from './erase.ts'

/**
 * Staff confirm the erasure of a member of their organisation (mounted under /api/orgs). When the
 * last organisation the person belonged to has confirmed, the erasure runs (api/gdpr/erase.ts).
 */
export const gdprOrgRoutes = new Hono<AppEnv>()

async function authorizeConfirm(c: Parameters<typeof authorizeOrg>[0], orgId: string) {
  const org = await authorizeOrg(c, orgId, 'org.read')
  if (!can(c.get('principal'), 'gdpr.erasure.confirm', { type: 'gdpr', org }))
    throw new AppError('forbidden', "Only the organisation's admins and property managers confirm erasures.")
  return org
}

gdprOrgRoutes.get(
  '/:id/erasure-requests',
  describeRoute({ summary: 'Erasure requests of members waiting for this organisation', tags: ['gdpr'] }),
  valid('param', IdParam),
  async (c) => {
    const org = await authorizeConfirm(c, c.req.valid('param').id)
    const rows = await c
      .get('deps')
      .db.selectFrom('erasure_requests as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select([
        'r.id',
        'u.name',
        'u.email',
        'r.remove_message_text as removeMessageText',
        'r.requested_at as requestedAt',
      ])
      .where('r.status', '=', 'pending')
      .where(sql<boolean>`${org.id}::uuid = ANY(r.org_ids)`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('erasure_confirmations as ec')
              .select('ec.org_id')
              .whereRef('ec.request_id', '=', 'r.id')
              .where('ec.org_id', '=', org.id),
          ),
        ),
      )
      .orderBy('r.requested_at')
      .execute()
    return c.json({ requests: rows })
  },
)

gdprOrgRoutes.post(
  '/:id/erasure-requests/:requestId/confirm',
  describeRoute({
    summary: 'Confirm the erasure of a member (erased when every organisation has)',
    tags: ['gdpr'],
  }),
  valid('param', ErasureParams),
  async (c) => {
    const { id, requestId } = c.req.valid('param')
    const org = await authorizeConfirm(c, id)
    const { db, onAccessChanged } = c.get('deps')
    const actorId = c.get('session').userId
    const request = await db
      .selectFrom('erasure_requests')
      .select(['id', 'user_id', 'org_ids', 'remove_message_text', 'status'])
      .where('id', '=', requestId)
      .executeTakeFirst()
    // Another organisation's request is not found here, whatever its id.
    if (request?.status !== 'pending' || !request.org_ids.includes(org.id))
      throw notFound('The erasure request')
    const remaining = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('erasure_confirmations')
        .values({ request_id: request.id, org_id: org.id, confirmed_by: actorId })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'gdpr.erasure_confirmed',
        targetType: 'user',
        targetId: request.user_id,
      })
      const confirmed = await trx
        .selectFrom('erasure_confirmations')
        .select('org_id')
        .where('request_id', '=', request.id)
        .execute()
      const done = new Set(confirmed.map((r) => r.org_id))
      return request.org_ids.filter((o) => !done.has(o))
    })
    if (remaining.length > 0) return c.json({ status: 'pending', waitingFor: remaining })
    const claimed = await db
      .updateTable('erasure_requests')
      .set({ status: 'erased', erased_at: new Date() })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst()
    if (!claimed) return c.json({ status: 'erased', waitingFor: [] })
    const summary = await eraseUser(db, {
      userId: request.user_id,
      removeMessageText: request.remove_message_text,
      orgIds: request.org_ids,
      actorId,
    })
    onAccessChanged({ kind: 'user', userId: request.user_id })
    return c.json({ status: 'erased', waitingFor: [], documents: summary.documents })
  },
)

gdprOrgRoutes.post(
  '/:id/erasure-requests/:requestId/refuse',
  describeRoute({
    summary: 'Refuse the erasure of a member, with a reason (the request ends; the person may ask again)',
    tags: ['gdpr'],
  }),
  valid('param', ErasureParams),
  valid('json', ErasureRefusalBody),
  async (c) => {
    const { id, requestId } = c.req.valid('param')
    const org = await authorizeConfirm(c, id)
    const { reason } = c.req.valid('json')
    const { db } = c.get('deps')
    const actorId = c.get('session').userId
    await db.transaction().execute(async (trx) => {
      // Only a pending request naming this organisation: another organisation's id is not found.
      // The reason is stored with the request: the person sees it on My data and is told in
      // their inbox (and by mail, per their preferences) through the notifier.
      const refused = await trx
        .updateTable('erasure_requests')
        .set({
          status: 'refused',
          refused_at: new Date(),
          refused_by: actorId,
          refused_org_id: org.id,
          refusal_reason: reason,
        })
        .where('id', '=', requestId)
        .where('status', '=', 'pending')
        .where(sql<boolean>`${org.id}::uuid = ANY(org_ids)`)
        .returning('user_id')
        .executeTakeFirst()
      if (!refused) throw notFound('The erasure request')
      await audit(trx, {
        orgId: org.id,
        actorId,
        action: 'gdpr.erasure_refused',
        targetType: 'user',
        targetId: refused.user_id,
        details: { reason },
      })
      await enqueue(trx, 'notify', {
        orgId: org.id,
        entityId: requestId,
        payload: { type: 'erasure_refused', requestId },
      })
    })
    return c.json({ status: 'refused' })
  },
)
