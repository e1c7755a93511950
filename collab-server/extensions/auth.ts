import type { Extension, onAuthenticatePayload } from '@hocuspocus/server'
import { parseDocName } from '../../schema/docs/names.ts'
import { ERRORS } from '../../schema/errors.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { validateCollabToken } from '../../server/auth/collabTokens.ts'
import { SESSION_COOKIE, validateSessionToken } from '../../server/auth/sessions.ts'
import type { DB } from '../../server/db/connect.ts'
import { ORIGIN_REFUSED, originAllowed } from '../../server/http/origin.ts'
import type { Logger } from '../../server/log.ts'
import { decideAccess } from '../access.ts'
import { type CollabContext, CollabRefusal } from '../context.ts'
import type { ConnectionRegistry } from '../registry.ts'

/**
 * Who is connecting and what they may do with this document: the session cookie (browsers, same
 * origin only) or a short-lived token from POST /api/collab/token, then `can()` through
 * decideAccess. None refuses with a reason; read makes the connection read-only.
 */
export interface AuthOptions {
  db: DB
  log: Logger
  registry: ConnectionRegistry
  /**
   * Origins whose cookie we accept on the upgrade besides the request's own host (cross-site
   * websocket hijacking); see server/http/origin.ts.
   */
  allowedOrigins: readonly string[]
  maxConnectionsPerUser: number
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}

export async function resolveSession(
  opts: Pick<AuthOptions, 'db' | 'allowedOrigins'>,
  token: string,
  headers: Headers,
): Promise<{ userId: string; sessionId: string; mfaVerified: boolean } | null> {
  if (token) return validateCollabToken(opts.db, token)
  const cookie = readCookie(headers.get('cookie'), SESSION_COOKIE)
  if (!cookie) return null
  // The same origin rule as the HTTP API (server/http/origin.ts); refused with its own reason so
  // the client can say why instead of "you cannot open this".
  const origin = headers.get('origin')
  if (origin && !originAllowed(origin, headers.get('host'), opts.allowedOrigins)) {
    throw new CollabRefusal(ERRORS.csrf_rejected.close, `${ORIGIN_REFUSED}: ${origin} is not this site`)
  }
  const session = await validateSessionToken(opts.db, cookie)
  return session ? { userId: session.userId, sessionId: session.id, mfaVerified: session.mfaVerified } : null
}

export function authExtension(opts: AuthOptions): Extension {
  return {
    extensionName: 'kotipiha-auth',
    async onAuthenticate(data: onAuthenticatePayload): Promise<CollabContext> {
      const parsed = parseDocName(data.documentName)
      if (!parsed.ok)
        throw new CollabRefusal(ERRORS.bad_request.close, `invalid_document_name: ${parsed.reason}`)
      const session = await resolveSession(opts, data.token, data.requestHeaders)
      if (!session) throw new CollabRefusal(ERRORS.unauthenticated.close, 'unauthenticated')
      if (opts.registry.countForUser(session.userId) >= opts.maxConnectionsPerUser) {
        throw new CollabRefusal(ERRORS.rate_limited.close, 'rate_limited: too many open documents')
      }
      const principal = await loadPrincipal(opts.db, session)
      const access = await decideAccess(opts.db, principal, parsed.doc)
      if (access.level === 'none') {
        opts.log.info('collab.denied', {
          userId: session.userId,
          doc: data.documentName,
          reason: access.reason,
        })
        throw new CollabRefusal(ERRORS.forbidden.close, access.reason)
      }
      if (access.level === 'read') data.connectionConfig.readOnly = true
      const user = await opts.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', session.userId)
        .executeTakeFirst()
      return {
        userId: session.userId,
        userName: user?.name ?? '',
        sessionId: session.sessionId,
        doc: parsed.doc,
        orgId: access.orgId,
        level: access.level,
        moderator: access.moderator,
      }
    },
  }
}
