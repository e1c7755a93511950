import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { AppError, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { validateSessionToken } from '../../server/auth/sessions.ts'
import type { AppEnv } from '../http/context.ts'
import { isLoopback } from '../http/loopback.ts'
import { sessionToken } from '../http/security.ts'

/**
 * The dev mailbox: in demo mode without SMTP, shows what would have been emailed, reset links
 * included. So it is never served outside demo mode, and in it only to a client on this machine
 * (the loopback address: the socket's, or the forwarded one with TRUST_PROXY) or to a signed-in
 * platform admin.
 */
export const devMailboxRoutes = new Hono<AppEnv>()

devMailboxRoutes.get(
  '/',
  describeRoute({
    summary: 'Demo only: the latest outgoing emails (loopback clients and platform admins)',
    tags: ['demo'],
  }),
  async (c) => {
    const { config, db } = c.get('deps')
    if (!config.demo || config.smtpUrl) throw notFound('The dev mailbox')
    if (!isLoopback(c.get('clientAddress')) && !(await platformAdmin(c))) {
      throw new AppError(
        'forbidden',
        'The dev mailbox is shown only on this computer (a loopback address) or to a platform admin.',
      )
    }
    const messages = await db
      .selectFrom('mail_outbox')
      .select(['id', 'to_address as to', 'subject', 'body', 'kind', 'created_at as createdAt'])
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute()
    c.header('Cache-Control', 'no-store')
    return c.json({ messages })
  },
)

/** Whether the caller, if signed in at all, is a platform admin (the route itself needs no login). */
async function platformAdmin(c: Parameters<typeof sessionToken>[0]): Promise<boolean> {
  const token = sessionToken(c)
  if (!token) return false
  const { db } = c.get('deps')
  const session = await validateSessionToken(db, token)
  if (!session) return false
  return can(await loadPrincipal(db, session), 'mail.dev_mailbox', { type: 'platform' })
}
