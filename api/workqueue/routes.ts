import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { WorkQueueQuery } from '../../schema/api/workQueue.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { workQueue } from './queue.ts'

/**
 * `GET /api/work-queue`: the caller's open cases across every cooperative they handle, counted
 * per cooperative and bucket, and the first items of one bucket. Someone who handles no
 * cooperative gets an empty queue (never another's cases); `org` outside their reach is ignored
 * the same way, so it reveals nothing.
 */
export const workQueueRoutes = new Hono<AppEnv>()
workQueueRoutes.use(requireAuth)

workQueueRoutes.get(
  '/',
  describeRoute({ summary: 'The staff work queue across organisations', tags: ['cases'] }),
  valid('query', WorkQueueQuery),
  async (c) => c.json(await workQueue(c.get('deps').db, c.get('principal'), c.req.valid('query'))),
)
