import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { z } from 'zod'
import type { InboxMessage } from '../../schema/communications/api.ts'
import { notFound } from '../../schema/errors.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * The signed-in person's messages: portal deliveries addressed to them that have gone out. Only
 * their own rows, whatever id is sent; marking one read is the portal's "read" status. Each lists
 * its files, which the recipient downloads through /api/attachments (communicationOwners.ts).
 */
export const inboxRoutes = new Hono<AppEnv>()

type SendFileJson = { id: string; name: string; mime: string; size: number | string }

/**
 * Each message's files (filesOfSends' attachments of the send, in the order they were added) as a
 * JSON column of the list's own statement: one index probe per message, not a second statement
 * with up to 100 ids in it (issue 19).
 */
const filesColumn = sql<SendFileJson[] | string | null>`(
  SELECT json_agg(json_build_object('id', a.id, 'name', f.name, 'mime', f.mime, 'size', f.size)
    ORDER BY a.created_at, a.id)
  FROM attachments a JOIN files f ON f.id = a.file_id AND f.org_id = a.org_id
  WHERE a.org_id = c.org_id AND a.owner_kind = 'communication' AND a.owner_id = c.id
    AND a.deleted_at IS NULL)`

/** A JSON column as PGlite (parsed) or postgres.js (text) returns it. */
const parsed = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

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
        filesColumn.as('files'),
      ])
      .where('d.user_id', '=', c.get('principal').userId)
      .where('d.channel', '=', 'portal')
      .where('d.status', 'in', ['sent', 'read'])
      .orderBy('d.sent_at', 'desc')
      .limit(100)
      .execute()
    const messages: InboxMessage[] = rows.map((r) => ({
      attachments: (parsed(r.files) ?? []).map((f) => ({
        id: f.id,
        name: f.name,
        mime: f.mime,
        size: Number(f.size),
      })),
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
