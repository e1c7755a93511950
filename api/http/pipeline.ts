import type { ServerResponse } from 'node:http'
import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../schema/errors.ts'
import type { AppDeps, AppEnv } from './context.ts'
import { toErrorResponse } from './errors.ts'
import { clientAddressOf, originCheck } from './security.ts'

/**
 * The headers every /api response carries, errors included: hono/secure-headers' defaults, which
 * set them until session 14. A route may set one of them itself (downloads set nosniff and CORP);
 * its own value then stands, on a socket and under `app.request()` alike.
 */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
]

const MAX_BODY_BYTES = 256 * 1024

/**
 * What every /api request passes before its route, in this order: the deps, the security headers,
 * the client's address, the CSRF check (security.ts), the body limit (256 KB; file uploads stream
 * to disk under their own, `streamsItsBody`). One middleware rather than five: each layer of
 * Hono's chain is an async frame of its own, and issue 19's profile of `/api/me` found the chain,
 * the headers and a GET's body check costing more than the route. What the checks refuse is
 * answered by the root's error handler (on a socket) or here (in process), with the headers either
 * way (pipeline.test.ts).
 */
export function requestPipeline(
  deps: AppDeps,
  streamsItsBody: (method: string, path: string) => boolean,
): MiddlewareHandler<AppEnv> {
  const checkOrigin = originCheck(deps.config.publicUrl)
  const { trustProxy } = deps.config
  const smallBodies = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', 'The request is too large.')
    },
  })
  const route = (c: Context<AppEnv>, next: Next): ReturnType<MiddlewareHandler<AppEnv>> => {
    c.set('clientAddress', clientAddressOf(c, trustProxy))
    checkOrigin(c)
    const method = c.req.method
    // A GET or HEAD has no body to limit; asking for one made @hono/node-server build a full
    // fetch Request for every request.
    if (method === 'GET' || method === 'HEAD' || streamsItsBody(method, c.req.path)) return next()
    return smallBodies(c, next)
  }
  return (c, next) => {
    c.set('deps', deps)
    // On a socket the headers go on the Node response before anything is written, so Hono never
    // has to build a Headers object for them (the response's own headers are merged in by Node,
    // its values winning), and nothing is left to do after the route: no await here, and what
    // the checks throw is answered by the root's error handler like any other error.
    const outgoing = nodeResponse(c)
    if (outgoing) {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value)
      return route(c, next)
    }
    return withHeadersAfter(c, next)
  }

  /** Under `app.request()` (no socket), the headers are added to the Response after the route. */
  async function withHeadersAfter(c: Context<AppEnv>, next: Next): Promise<void> {
    try {
      await route(c, next)
    } catch (err) {
      c.res = toErrorResponse(err, c)
    }
    const headers = c.res.headers
    for (const [name, value] of SECURITY_HEADERS) if (!headers.has(name)) headers.set(name, value)
  }
}

/** The Node response under this request (`@hono/node-server` passes it as `env.outgoing`), if any. */
function nodeResponse(c: Context<AppEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  return outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent ? outgoing : undefined
}
