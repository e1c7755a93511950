/**
 * Endpoints of `/api/openapi.json` that no tenant-isolation test drives as another
 * organisation's user, each with the reason. `isolationCoverage.test.ts` fails on an endpoint
 * that is neither driven by an isolation test nor listed here, and on an entry here that is
 * stale (the endpoint is gone, or a test now covers it). Keys are `METHOD /path` as in the
 * OpenAPI document (paths relative to `/api`).
 *
 * "gap:" marks a real gap: the endpoint is organisation-scoped and should get an isolation test.
 */
export const ISOLATION_EXEMPT: Readonly<Record<string, string>> = {
  // Not about an organisation: the caller's own account.
  'POST /auth/login': 'signs in; names no organisation',
  'POST /auth/logout': 'the caller’s own session',
  'POST /auth/logout-everywhere': 'the caller’s own sessions',
  'POST /auth/password-reset/request': 'anonymous; answers the same for every address',
  'POST /auth/password-reset': 'anonymous; acts on the holder of a single-use token',
  'POST /auth/password': 'the caller’s own password',
  'POST /auth/totp/setup': 'the caller’s own second factor',
  'POST /auth/totp/enable': 'the caller’s own second factor',
  'POST /auth/totp/disable': 'the caller’s own second factor',
  'GET /invitations/{token}': 'reached by the invitation’s secret token, not by organisation',
  'POST /invitations/accept': 'reached by the invitation’s secret token, not by organisation',
  'POST /registrations': 'anonymous partner self-registration; creates a pending request only',
  'GET /registrations': 'platform admins only (api/registrations tests)',
  'POST /registrations/{id}/decision': 'platform admins only (api/registrations tests)',
  'GET /bookings/feed/{token}': 'the ICS feed, reached by the caller’s secret feed token',
  'POST /bookings/feed-token': 'the caller’s own feed token',
  'DELETE /bookings/feed-token': 'the caller’s own feed token',
  'GET /dev/mailbox': 'demo mode only, loopback or platform admin (api/mail tests)',
  'GET /work-queue': 'the caller’s own queue across the organisations they serve (api/workqueue tests)',
}
