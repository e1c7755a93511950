/**
 * The one origin rule for requests that carry the session cookie, used by the HTTP CSRF guard
 * (`security.ts`) and the collab websocket (`collab-server/extensions/auth.ts`): a browser
 * request is ours when its `Origin` is the public URL's origin (or another origin configured as
 * trusted), or when it names the very host the request was sent to (the `Host` header), so the
 * app opened at `http://127.0.0.1:3000` works although PUBLIC_URL says localhost. The cookie
 * itself is bound to that host, so another site gains nothing from this rule.
 */
export function originAllowed(
  origin: string,
  host: string | null | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (trustedOrigins.includes(origin)) return true
  if (!host || /[/@?#\\\s]/.test(host)) return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  // URL.host drops a default port; normalise the Host header the same way.
  let requested: string
  try {
    requested = new URL(`${url.protocol}//${host}`).host
  } catch {
    return false
  }
  return url.host === requested
}

/** Why a websocket was refused for its origin; the client shows its own message for it. */
export const ORIGIN_REFUSED = 'origin_refused'
