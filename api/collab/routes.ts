import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { z } from 'zod'
import { docName } from '../../schema/docs/names.ts'
import { AppError, forbidden, notFound } from '../../schema/errors.ts'
import { cleanNames, localName, localNamesBody, storedName } from '../../schema/localNames.ts'
import { can } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { threadAccess } from '../../server/access/threadAccess.ts'
import { issueCollabToken } from '../../server/auth/collabTokens.ts'
import { jsonb } from '../../server/db/json.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { readerLanguage } from '../http/language.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'

/**
 * /api/collab: a short-lived websocket token, and the standing channels of an organisation.
 * Mounted behind the auth middleware, so `session` and `principal` are set.
 */
export const collabRoutes = new Hono<AppEnv>()
collabRoutes.use(requireAuth)

collabRoutes.post(
  '/token',
  describeRoute({
    summary: "A 60-second token for a websocket client (the provider's `token`)",
    tags: ['collab'],
  }),
  async (c) => {
    const session = c.get('session')
    const { token, expiresAt } = await issueCollabToken(c.get('deps').db, {
      id: session.id,
      userId: session.userId,
    })
    c.header('Cache-Control', 'no-store')
    return c.json({ token, expiresAt: expiresAt.toISOString() })
  },
)

const OrgQuery = z.strictObject({ org: z.uuid() })
const ChannelTitle = z.string().trim().min(1).max(200)
/** A channel is named by `names` (fi/sv/en, issue 20) or, as before, by one `title`. */
const NewChannel = z
  .strictObject({
    org: z.uuid(),
    title: ChannelTitle.optional(),
    names: localNamesBody(200).optional(),
    audience: z.enum(['members', 'board']).default('members'),
  })
  .refine((b) => b.title !== undefined || b.names !== undefined, {
    message: 'Give the channel a name.',
    path: ['names'],
  })
const ChannelRename = z.strictObject({ names: localNamesBody(200) })

collabRoutes.get(
  '/threads',
  describeRoute({ summary: 'Standing channels of an organisation the caller may read', tags: ['collab'] }),
  valid('query', OrgQuery),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const org = await authorizeOrg(c, c.req.valid('query').org, 'org.read')
    const language = await readerLanguage(c)
    const rows = await db
      .selectFrom('threads')
      .select(['id', 'title', 'names', 'audience', 'archived_at', 'created_at'])
      .where('org_id', '=', org.id)
      .where('kind', '=', 'channel')
      .orderBy('created_at')
      .execute()
    const threads = rows.flatMap((row) => {
      const resource = {
        type: 'thread',
        org,
        thread: { id: row.id, audience: row.audience, archived: row.archived_at !== null },
      } as const
      if (!can(principal, 'thread.read', resource)) return []
      return [
        {
          id: row.id,
          title: localName(row.names, row.title, language),
          names: row.names,
          audience: row.audience,
          archived: row.archived_at !== null,
          document: docName('thread', org.id, row.id),
          abilities: {
            write: can(principal, 'thread.write', resource),
            moderate: can(principal, 'thread.moderate', resource),
            history: can(principal, 'thread.history', resource),
            rename: can(principal, 'thread.rename', resource),
          },
        },
      ]
    })
    const create = can(principal, 'thread.create', { type: 'thread', org, thread: null })
    return c.json({ threads, abilities: { create } })
  },
)

const ThreadParam = z.strictObject({ id: z.uuid() })

/**
 * Names of the people who have written in a thread (from its messages projection), so a reader
 * sees who wrote what. Live participants are named by the server in awareness as well.
 */
collabRoutes.get(
  '/threads/:id/people',
  describeRoute({ summary: 'Names of the people who have written in a thread', tags: ['collab'] }),
  valid('param', ThreadParam),
  async (c) => {
    const { db } = c.get('deps')
    // The one thread decision (a channel, a case's thread, an event's thread: each by its rules).
    const id = c.req.valid('param').id
    const access = await threadAccess(db, c.get('principal'), id)
    if (!access?.read) throw notFound('That thread')
    const row = { id }
    const people = await db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('messages')
          .select('author_id')
          .where('thread_id', '=', row.id)
          .where('author_id', 'is not', null),
      )
      .execute()
    return c.json({ people })
  },
)

collabRoutes.post(
  '/threads',
  describeRoute({ summary: 'Create a standing channel (board and staff)', tags: ['collab'] }),
  valid('json', NewChannel),
  async (c) => {
    const { db } = c.get('deps')
    const body = c.req.valid('json')
    const org = await authorizeOrg(c, body.org, 'org.read')
    if (!can(c.get('principal'), 'thread.create', { type: 'thread', org, thread: null })) {
      throw forbidden('Only the board and staff can create channels.')
    }
    if (org.status !== 'active') throw new AppError('org_suspended', 'This organisation is suspended.')
    const names = body.names ? cleanNames(body.names) : { fi: body.title ?? '' }
    const row = await db
      .insertInto('threads')
      .values({
        org_id: org.id,
        kind: 'channel',
        title: storedName(names),
        names: jsonb(names),
        audience: body.audience,
        created_by: c.get('session').userId,
      })
      .returning(['id', 'title', 'names', 'audience'])
      .executeTakeFirstOrThrow()
    const title = localName(row.names, row.title, await readerLanguage(c))
    return c.json({ ...row, title, document: docName('thread', org.id, row.id) }, 201)
  },
)

collabRoutes.patch(
  '/threads/:id',
  describeRoute({ summary: 'Rename a standing channel (its names in fi, sv, en)', tags: ['collab'] }),
  valid('param', ThreadParam),
  valid('json', ChannelRename),
  async (c) => {
    const { db } = c.get('deps')
    const principal = c.get('principal')
    const id = c.req.valid('param').id
    const thread = await db
      .selectFrom('threads')
      .select(['id', 'org_id', 'audience', 'archived_at'])
      .where('id', '=', id)
      .where('kind', '=', 'channel')
      .executeTakeFirst()
    const org = thread ? await loadOrgRef(db, thread.org_id) : undefined
    if (!thread || !org) throw notFound('That channel')
    const resource = {
      type: 'thread',
      org,
      thread: { id: thread.id, audience: thread.audience, archived: thread.archived_at !== null },
    } as const
    if (!can(principal, 'thread.read', resource)) throw notFound('That channel')
    if (!can(principal, 'thread.rename', resource))
      throw forbidden('Only the board and staff can rename channels.')
    const names = cleanNames(c.req.valid('json').names)
    const row = await db
      .updateTable('threads')
      .set({ title: storedName(names), names: jsonb(names) })
      .where('id', '=', thread.id)
      .where('org_id', '=', org.id)
      .returning(['id', 'title', 'names', 'audience'])
      .executeTakeFirstOrThrow()
    const title = localName(row.names, row.title, await readerLanguage(c))
    return c.json({ ...row, title, document: docName('thread', org.id, row.id) })
  },
)
