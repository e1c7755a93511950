import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ErasureRequestBody, type ErasureRequestState } from '../../schema/api/gdpr.ts'
import { AppError } from '../../schema/errors.ts'
import { isUniqueViolation } from '../../server/db/errors.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { eraseUser } from './erase.ts'

/**
 * /api/gdpr: a person's own data-protection requests. Erasure waits for the staff of every
 * organisation they belong to (api/gdpr/orgRoutes.ts); someone who belongs nowhere is erased at
 * once. Everything here is about the caller only: there is no id to forge.
 */
export const gdprRoutes = new Hono<AppEnv>()
// Per path: the export download (exportRoutes.ts, mounted under /gdpr/exports) may come with a
// signed link instead of a session.
gdprRoutes.use('/erasure', requireAuth)

gdprRoutes.post(
  '/erasure',
  describeRoute({ summary: 'Ask for the erasure of my personal data', tags: ['gdpr'] }),
  valid('json', ErasureRequestBody),
  async (c) => {
    const { db, onAccessChanged } = c.get('deps')
    const userId = c.get('session').userId
    const { removeMessageText } = c.req.valid('json')
    const orgs = await db
      .selectFrom('memberships')
      .select('org_id')
      .where('user_id', '=', userId)
      .distinct()
      .execute()
    const orgIds = orgs.map((o) => o.org_id)
    const request = await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('erasure_requests')
          .values({ user_id: userId, remove_message_text: removeMessageText, org_ids: orgIds })
          .returning(['id', 'status', 'requested_at'])
          .executeTakeFirstOrThrow()
        for (const orgId of orgIds)
          await audit(trx, {
            orgId,
            actorId: userId,
            action: 'gdpr.erasure_requested',
            targetType: 'user',
            targetId: userId,
            details: { removeMessageText },
          })
        return row
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new AppError('conflict', 'Your erasure request is already waiting.')
        throw error
      })
    if (orgIds.length === 0) {
      await eraseUser(db, { userId, removeMessageText, orgIds, actorId: userId })
      await db
        .updateTable('erasure_requests')
        .set({ status: 'erased', erased_at: new Date() })
        .where('id', '=', request.id)
        .execute()
      onAccessChanged({ kind: 'user', userId })
      return c.json({ request: { id: request.id, status: 'erased', waitingFor: [] } }, 201)
    }
    return c.json({ request: { id: request.id, status: 'pending', waitingFor: orgIds } }, 201)
  },
)

gdprRoutes.get(
  '/erasure',
  describeRoute({
    summary: 'My erasure request: whom it waits for, or why it was refused',
    tags: ['gdpr'],
  }),
  async (c) => {
    const { db } = c.get('deps')
    // The latest request tells where the person stands: waiting, or refused with the reason (a
    // withdrawn or erased one shows nothing: they may simply ask).
    const row = await db
      .selectFrom('erasure_requests as r')
      .leftJoin('organisations as o', 'o.id', 'r.refused_org_id')
      .select([
        'r.id',
        'r.status',
        'r.org_ids',
        'r.requested_at',
        'r.refused_at',
        'r.refusal_reason',
        'o.name as refused_by',
      ])
      .where('r.user_id', '=', c.get('session').userId)
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!row || (row.status !== 'pending' && row.status !== 'refused')) return c.json({ request: null })
    const confirmed = await db
      .selectFrom('erasure_confirmations')
      .select('org_id')
      .where('request_id', '=', row.id)
      .execute()
    const done = new Set(confirmed.map((r) => r.org_id))
    const request: ErasureRequestState = {
      id: row.id,
      status: row.status,
      requestedAt: row.requested_at.toISOString(),
      waitingFor: row.status === 'pending' ? row.org_ids.filter((o) => !done.has(o)) : [],
      refusal:
        row.status === 'refused' && row.refused_at
          ? {
              at: row.refused_at.toISOString(),
              by: row.refused_by ?? '',
              reason: row.refusal_reason ?? '',
            }
          : null,
    }
    return c.json({ request })
  },
)

gdprRoutes.delete(
  '/erasure',
  describeRoute({ summary: 'Withdraw my erasure request while it waits', tags: ['gdpr'] }),
  async (c) => {
    const res = await c
      .get('deps')
      .db.updateTable('erasure_requests')
      .set({ status: 'cancelled' })
      .where('user_id', '=', c.get('session').userId)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst()
    if (!res) throw new AppError('not_found', 'No erasure request is waiting.')
    return c.json({ ok: true })
  },
)
