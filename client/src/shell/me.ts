import { type Accessor, createContext, useContext } from 'solid-js'
import type { MeOrganisation, MeResponse } from '../../../schema/api/users.ts'
import type { OrgAction } from '../../../schema/policy.ts'
import { ROLE_GROUP } from '../../../schema/roles.ts'

export const MeContext = createContext<Accessor<MeResponse>>()

/** The signed-in user; only inside the signed-in shell. */
export function useMe(): Accessor<MeResponse> {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe() outside the signed-in shell')
  return me
}

export function orgAllows(org: MeOrganisation | undefined, action: OrgAction): boolean {
  return org?.abilities.includes(action) ?? false
}

/**
 * The demo's dev mailbox (where sign-in links and invitations land) is for the sign-in page and
 * administrators; residents in a demo were confused by a "mailbox" that was not theirs.
 */
export function showsDevMailbox(me: MeResponse): boolean {
  return me.demo && (me.user.platformAdmin || me.organisations.some((o) => o.roles.includes('org_admin')))
}

/** Staff of any organisation (not residents or owners only): who sees the components page. */
export function isStaffAnywhere(me: MeResponse): boolean {
  return (
    me.user.platformAdmin ||
    me.organisations.some((o) =>
      o.roles.some((r) => ['board', 'maintenance', 'staff'].includes(ROLE_GROUP[r])),
    )
  )
}
