import type { TestContext } from './harness.ts'
import { client } from './http.ts'

/** Invites a fresh address into an organisation as `by`; returns the invitation id. */
export async function createInvitationFor(t: TestContext, orgId: string, byToken: string, role = 'resident') {
  const res = await client(t.app, byToken).post(`/api/orgs/${orgId}/invitations`, {
    email: `invitee-${crypto.randomUUID()}@x.fi`,
    role,
  })
  if (res.status !== 201) throw new Error(`invitation failed: ${res.status} ${await res.text()}`)
  return (await res.json()).invitation.id as string
}

/** The token from the newest email of a kind to an address (the outbox is the dev mailbox). */
export async function tokenFromMail(t: TestContext, to: string, kind: string): Promise<string> {
  const mail = await t.deps.db
    .selectFrom('mail_outbox')
    .select('body')
    .where('to_address', '=', to)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow()
  const token = /token=([a-z0-9]+)/.exec(mail.body)?.[1]
  if (!token) throw new Error(`no token in the ${kind} mail to ${to}`)
  return token
}
