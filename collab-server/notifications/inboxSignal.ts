import type { Hocuspocus } from '@hocuspocus/server'
import { encodeInboxSignal, type InboxSignal } from '../../schema/docs/inbox.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import type { OrgRef, Principal } from '../../schema/policy.ts'
import { loadPrincipals } from '../../server/access/principal.ts'
import type { DB } from '../../server/db/connect.ts'
import type { CollabContext } from '../context.ts'

/**
 * Sends a stateless inbox signal to everyone whose inbox is open on this instance, is a member of
 * the organisation or of its managing company, and passes `may` (the policy question of the
 * signal's thing). The live unread counts of channels (chatActivity.ts) and the live "who has
 * submitted" of reading rounds (roundActivity.ts) both go this way: nothing is stored and no text
 * is sent; the client fetches what changed over HTTP, where the server decides what it sees.
 * This instance's connections only: every instance receives the bus message itself.
 * Returns how many people were signalled.
 */
export async function signalOpenInboxes(
  db: DB,
  hocuspocus: Hocuspocus<CollabContext>,
  org: OrgRef,
  signal: InboxSignal,
  may: (principal: Principal) => boolean,
): Promise<number> {
  const open = new Map<string, ReturnType<typeof hocuspocus.documents.get>>()
  for (const [name, document] of hocuspocus.documents) {
    const parsed = parseDocName(name)
    if (parsed.ok && parsed.doc.kind === 'inbox' && document.getConnectionsCount() > 0) {
      open.set(parsed.doc.userId, document)
    }
  }
  if (open.size === 0) return 0
  // Only members of the organisation or of its managing company can be granted anything in it.
  const members = await db
    .selectFrom('memberships')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...open.keys()])
    .where('org_id', 'in', org.managedBy ? [org.id, org.managedBy] : [org.id])
    .execute()
  if (members.length === 0) return 0
  const payload = encodeInboxSignal(signal)
  let sent = 0
  for (const principal of await loadPrincipals(
    db,
    members.map((m) => m.user_id),
    true,
  )) {
    if (!may(principal)) continue
    open.get(principal.userId)?.relayStateless(payload)
    sent++
  }
  return sent
}
