import { canOnCommunications } from '../../schema/policy/communications.ts'
import { can, type Principal } from '../../schema/policy.ts'
import { loadOrgRef } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import { loadEventFacts } from '../../server/events/facts.ts'
import type { OwnerAccess } from './access.ts'

/**
 * The owners issue 16 added: a mass communication and an event.
 *
 *   communication  A send's files are read by the organisation's senders (who read its sends) and
 *                  by its recipients: whoever has a delivery of that send that has gone out, on any
 *                  channel (a letter's reader gets the link in the portal too). Nobody else, not
 *                  even the same cooperative's other residents. Files are added while the message
 *                  is composed, under the id the send will take (the composer's draft id): while
 *                  no communication has that id, the organisation's senders may upload, list and
 *                  remove them; once it is sent its files are fixed (upload and remove: 403).
 *   event          read: event.read (organisers and invitees)   upload and remove: event.manage
 */
export async function communicationOwner(
  db: DB,
  p: Principal,
  orgId: string,
  communicationId: string,
): Promise<OwnerAccess | null> {
  const sent = await db
    .selectFrom('communications')
    .select(['org_id'])
    .where('id', '=', communicationId)
    .executeTakeFirst()
  const org = await loadOrgRef(db, sent?.org_id ?? orgId)
  if (!org) return null
  const resource = { type: 'communications', org } as const
  if (!sent) {
    // A draft: its files are the senders' working copy, nobody else's business.
    const sender = canOnCommunications(p, 'communications.send', resource)
    return sender ? { orgId: org.id, read: true, upload: true, manage: true, boardId: null } : null
  }
  const staff = canOnCommunications(p, 'communications.read', resource)
  const recipient =
    staff ||
    (await db
      .selectFrom('communication_deliveries')
      .select('id')
      .where('communication_id', '=', communicationId)
      .where('user_id', '=', p.userId)
      .where('status', 'in', ['sent', 'delivered', 'read'])
      .limit(1)
      .executeTakeFirst()) !== undefined
  return recipient ? { orgId: org.id, read: true, upload: false, manage: false, boardId: null } : null
}

export async function eventOwner(db: DB, p: Principal, eventId: string): Promise<OwnerAccess | null> {
  const loaded = await loadEventFacts(db, p, eventId)
  if (!loaded) return null
  const resource = { type: 'event', org: loaded.org, event: loaded.facts } as const
  const manage = can(p, 'event.manage', resource)
  return { orgId: loaded.org.id, read: can(p, 'event.read', resource), upload: manage, manage, boardId: null }
}
