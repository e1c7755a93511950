import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { z } from 'zod'
import type { InboxMessage } from '../../schema/communications/api.ts'
import { notFound } from '../../schema/errors.ts'
import { filesOfSends } from '../../server/communications/sendFiles.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * The signed-in person's messages: portal deliveries addressed to them that have gone out. Only
 * their own rows, whatever id is sent; marking one read is the portal's "read" status. Each lists
 * its files, which the recipient downloads through /api/attachments (communicationOwners.ts).
 */
export const inboxRoutes = new Hono<AppEnv>()

inboxRoutes.get(
  '/mine',
  describeRoute({ summary: 'My messages (portal deliveries), newest first', tags: ['communications'] }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.selectFrom('communication_deliveries as d')
      .innerJoin('communications as c', (j) =>
        j.onRef('c.id', '=', 'd.communication_id').onRef('c.org_id', '=', 'd.org_id'),
      )
      .innerJoin('organisations as o', 'o.id', 'd.org_id')
      .select([
        'd.id',
        'd.communication_id',
        'd.org_id',
        'o.name',
        'c.subject',
        'c.body',
        'd.sent_at',
        'd.read_at',
      ])
      .where('d.user_id', '=', c.get('principal').userId)
      .where('d.channel', '=', 'portal')
      .where('d.status', 'in', ['sent', 'read'])
      .orderBy('d.sent_at', 'desc')
      .limit(100)
      .execute()
    const files = await filesOfSends(
      c.get('deps').db,
      rows.map((r) => r.communication_id),
    )
    const messages: InboxMessage[] = rows.map((r) => ({
      attachments: (files.get(r.communication_id) ?? []).map(({ sha256: _s, ...f }) => f),
      deliveryId: String(r.id),
      communicationId: r.communication_id,
      orgId: r.org_id,
      orgName: r.name,
      subject: r.subject,
      body: r.body,
      sentAt: new Date(r.sent_at ?? 0).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    }))
    c.header('Cache-Control', 'no-store')
    return c.json({ messages })
  },
)

inboxRoutes.post(
  '/mine/:deliveryId/read',
  describeRoute({ summary: 'Mark one of my messages read', tags: ['communications'] }),
  valid('param', z.strictObject({ deliveryId: z.string().regex(/^\d{1,18}$/, 'Not a valid id.') })),
  async (c) => {
    const row = await c
      .get('deps')
      .db.updateTable('communication_deliveries')
      .set({ status: 'read', read_at: sql`coalesce(read_at, now())` })
      .where('id', '=', c.req.valid('param').deliveryId)
      .where('user_id', '=', c.get('principal').userId)
      .where('channel', '=', 'portal')
      .where('status', 'in', ['sent', 'read'])
      .returning('id')
      .executeTakeFirst()
    if (!row) throw notFound('The message')
    return c.json({ ok: true })
  },
)
