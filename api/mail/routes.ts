import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { notFound } from '../../schema/errors.ts'
import type { AppEnv } from '../http/context.ts'

/** The dev mailbox: in demo mode without SMTP, shows what would have been emailed. */
export const devMailboxRoutes = new Hono<AppEnv>()

devMailboxRoutes.get(
  '/',
  describeRoute({ summary: 'Demo only: the latest outgoing emails', tags: ['demo'] }),
  async (c) => {
    const { config, db } = c.get('deps')
    if (!config.demo || config.smtpUrl) throw notFound('The dev mailbox')
    const messages = await db
      .selectFrom('mail_outbox')
      .select(['id', 'to_address as to', 'subject', 'body', 'kind', 'created_at as createdAt'])
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute()
    return c.json({ messages })
  },
)
