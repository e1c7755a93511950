import { type Context, Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { z } from 'zod'
import { IdParam, Uuid } from '../../schema/api/common.ts'
import {
  ArchivedHideBody,
  ArchiveParams,
  ArchiveQuery,
  MessageHistoryParams,
} from '../../schema/api/threads.ts'
import { forbidden, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import { archivedMessage, archivePage, setArchivedHidden } from '../../server/threads/archiveReader.ts'
import { audit } from '../admin/audit.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { messageHistory } from './messageHistory.ts'
import { messageReaders } from './messageReaders.ts'
import { unreadCounts } from './summary.ts'

/** /api/threads: read state of any thread the caller may read (channels and case threads). */
export const threadRoutes = new Hono<AppEnv>()
threadRoutes.use(requireAuth)

threadRoutes.post(
  '/:id/read',
  describeRoute({ summary: 'Mark a thread read up to now', tags: ['threads'] }),
  valid('param', IdParam),
  async (c) => {
    const { db } = c.get('deps')
    const userId = c.get('principal').userId
    const id = c.req.valid('param').id
    const access = await threadAccess(db, c.get('principal'), id)
    if (!access?.read) throw notFound('That thread')
    await db
      .insertInto('thread_reads')
      .values({ user_id: userId, thread_id: id, read_at: sql<Date>`now()` })
      .onConflict((oc) => oc.columns(['user_id', 'thread_id']).doUpdateSet({ read_at: sql<Date>`now()` }))
      .execute()
    return c.json({ ok: true })
  },
)

threadRoutes.get(
  '/unread',
  describeRoute({ summary: 'Unread messages per standing channel of an organisation', tags: ['threads'] }),
  valid('query', z.strictObject({ org: Uuid })),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const org = await authorizeOrg(c, c.req.valid('query').org, 'org.read')
    const rows = await db
      .selectFrom('threads')
      .select(['id', 'audience', 'archived_at'])
      .where('org_id', '=', org.id)
      .where('kind', '=', 'channel')
      .execute()
    const readable = rows.filter((r) =>
      can(principal, 'thread.read', {
        type: 'thread',
        org,
        thread: { id: r.id, audience: r.audience, archived: r.archived_at !== null },
      }),
    )
    const counts = await unreadCounts(
      db,
      principal.userId,
      readable.map((r) => r.id),
    )
    const threads = Object.fromEntries(readable.map((r) => [r.id, counts.get(r.id) ?? 0]))
    const total = Object.values(threads).reduce((n, x) => n + x, 0)
    return c.json({ threads, total })
  },
)

threadRoutes.get(
  '/:id/messages/:messageId/history',
  describeRoute({
    summary: 'Every version of a message: original, edits, deletion (moderators and auditors)',
    tags: ['threads'],
  }),
  valid('param', MessageHistoryParams),
  async (c) => {
    const { db } = c.get('deps')
    const { id, messageId } = c.req.valid('param')
    const access = await threadAccess(db, c.get('principal'), id)
    if (!access?.read) throw notFound('That thread')
    if (!access.history) throw forbidden('Only moderators and auditors read message history.')
    const history = await messageHistory(db, id, messageId)
    if (!history) throw notFound('That message')
    return c.json(history)
  },
)

threadRoutes.get(
  '/:id/messages/:messageId/readers',
  describeRoute({
    summary: 'Who has read a message, and whether the people it mentions have (its author and moderators)',
    tags: ['threads'],
  }),
  valid('param', MessageHistoryParams),
  async (c) => {
    const { db } = c.get('deps')
    const { id, messageId } = c.req.valid('param')
    const principal = c.get('principal')
    const access = await threadAccess(db, principal, id)
    if (!access?.read) throw notFound('That thread')
    const found = await messageReaders(db, { id, orgId: access.orgId }, messageId)
    if (!found) throw notFound('That message')
    if (found.authorId !== principal.userId && !access.moderate) {
      throw forbidden('Only the writer of a message and moderators see who has read it.')
    }
    c.header('Cache-Control', 'no-store')
    return c.json({ readers: found.readers, mentioned: found.mentioned })
  },
)

threadRoutes.get(
  '/:id/archive',
  describeRoute({
    summary: 'Older messages that have left the live thread document, a page at a time',
    tags: ['threads'],
  }),
  valid('param', ArchiveParams),
  valid('query', ArchiveQuery),
  async (c) => {
    const { db } = c.get('deps')
    const id = c.req.valid('param').id
    const access = await threadAccess(db, c.get('principal'), id)
    if (!access?.read) throw notFound('That thread')
    const { before, limit } = c.req.valid('query')
    return c.json(await archivePage(db, id, { before, limit, moderator: access.moderate }))
  },
)

/** Moderation of archived messages (they are no longer in the document). */
async function moderateArchived(
  c: Context<AppEnv, string, { out: { param: { id: string; messageId: string } } }>,
  change: { hidden: true; reason: string } | { hidden: false },
) {
  const { db } = c.get('deps')
  const { id, messageId } = c.req.valid('param')
  const actorId = c.get('principal').userId
  const access = await threadAccess(db, c.get('principal'), id)
  if (!access?.read) throw notFound('That thread')
  if (!access.moderate) throw forbidden('Only moderators hide or unhide messages.')
  const done = await db.transaction().execute(async (trx) => {
    const ok = await setArchivedHidden(
      trx,
      { orgId: access.orgId, threadId: id, messageId },
      { ...change, by: actorId },
    )
    if (ok)
      await audit(trx, {
        orgId: access.orgId,
        actorId,
        action: change.hidden ? 'message.hidden' : 'message.unhidden',
        targetType: 'message',
        targetId: messageId,
        details: { threadId: id, ...(change.hidden ? { reason: change.reason } : {}) },
      })
    return ok
  })
  if (!done) throw notFound('That archived message')
  return c.json({ message: await archivedMessage(db, id, messageId, true) })
}

threadRoutes.post(
  '/:id/archive/:messageId/hide',
  describeRoute({ summary: 'Hide an archived message with a reason (moderators)', tags: ['threads'] }),
  valid('param', MessageHistoryParams),
  valid('json', ArchivedHideBody),
  (c) => moderateArchived(c, { hidden: true, reason: c.req.valid('json').reason }),
)

threadRoutes.post(
  '/:id/archive/:messageId/unhide',
  describeRoute({ summary: 'Show a hidden archived message again (moderators)', tags: ['threads'] }),
  valid('param', MessageHistoryParams),
  (c) => moderateArchived(c, { hidden: false }),
)
