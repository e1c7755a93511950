import { MAIL } from '../../schema/i18n/mail.ts'
import type { Language, Role } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import type { AppDeps } from '../http/context.ts'
import { emailIs } from '../users/repository.ts'
import { INVITATION_TTL_MS, newInvitationToken } from './tokens.ts'

export interface NewInvitation {
  orgId: string
  orgName: string
  actorId: string
  inviterName: string
  email: string
  role: Role
  buildingId: string | null
  apartmentId: string | null
  /** The mail's language; absent: the invitee's own if they have an account, else Finnish. */
  language?: Language | undefined
}

/**
 * One invitation inside the caller's transaction: the row (only the token's hash is stored), the
 * audit entry and the mail in the invitee's language. Shared by the single invitation and the
 * bulk CSV (api/onboarding/bulkInvitations.ts). Scope and role were checked by the caller.
 */
export async function createInvitation(
  trx: DB,
  deps: Pick<AppDeps, 'mailer' | 'config'>,
  inv: NewInvitation,
): Promise<{ id: string; email: string; role: Role; expires_at: Date }> {
  const { token, hash } = newInvitationToken()
  const invitee = inv.language
    ? null
    : await trx.selectFrom('users').select('language').where(emailIs(inv.email)).executeTakeFirst()
  const language = inv.language ?? invitee?.language ?? 'fi'
  const row = await trx
    .insertInto('invitations')
    .values({
      org_id: inv.orgId,
      email: inv.email,
      role: inv.role,
      building_id: inv.buildingId,
      apartment_id: inv.apartmentId,
      token_hash: hash,
      invited_by: inv.actorId,
      expires_at: new Date(Date.now() + INVITATION_TTL_MS),
      accepted_at: null,
      revoked_at: null,
      language,
    })
    .returning(['id', 'email', 'role', 'expires_at'])
    .executeTakeFirstOrThrow()
  await audit(trx, {
    orgId: inv.orgId,
    actorId: inv.actorId,
    action: 'invitation.created',
    targetType: 'invitation',
    targetId: row.id,
    details: { email: inv.email, role: inv.role },
  })
  const mail = MAIL[language].invitation({
    org: inv.orgName,
    role: inv.role,
    inviter: inv.inviterName,
    link: `${deps.config.publicUrl}/invitation?token=${token}`,
  })
  await deps.mailer.enqueue(trx, { to: inv.email, ...mail, kind: 'invitation' })
  return row
}
