import type { Context } from 'hono'
import { AppError, notFound } from '../../schema/errors.ts'
import { can, type EventAction, type EventResource, type OrgRef, rolesIn } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import { type LoadedEvent, loadEventFacts } from '../../server/events/facts.ts'
import type { AppEnv } from '../http/context.ts'

/**
 * The two checks every events handler goes through, both from rows. Someone who may not read
 * the event (or holds no role in the organisation) gets 404, so neither leaks; someone who may
 * read it but not do this gets 403.
 */
export async function authorizeEvent(
  c: Context<AppEnv>,
  eventId: string,
  action: EventAction,
): Promise<LoadedEvent & { resource: EventResource }> {
  const principal = c.get('principal')
  const loaded = await loadEventFacts(c.get('deps').db, principal, eventId)
  if (!loaded) throw notFound('The event')
  const resource = { type: 'event', org: loaded.org, event: loaded.facts } as const
  if (!can(principal, 'event.read', resource)) throw notFound('The event')
  if (!can(principal, action, resource)) {
    throw new AppError(
      'forbidden',
      loaded.facts.cancelled ? 'The event is cancelled.' : 'Your role does not allow that for this event.',
    )
  }
  return { ...loaded, resource }
}

/** Creating an event in an organisation: its organisers; a member without the role 403, others 404. */
export async function authorizeEventCreate(c: Context<AppEnv>, orgId: string): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org && can(principal, 'event.create', { type: 'event', org, event: null })) return org
  if (org && rolesIn(principal, org).size > 0) {
    throw new AppError('forbidden', 'Your role in this organisation does not allow creating events.')
  }
  throw notFound('The organisation')
}

/** Listing an organisation's events: anyone holding a role there (each sees what they may read). */
export async function authorizeEventList(c: Context<AppEnv>, orgId: string): Promise<OrgRef> {
  const principal = c.get('principal')
  const org = await loadOrgRef(c.get('deps').db, orgId)
  if (org && rolesIn(principal, org).size > 0) return org
  throw notFound('The organisation')
}
