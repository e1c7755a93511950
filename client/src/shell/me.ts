import { type Accessor, createContext, useContext } from 'solid-js'
import type { MeOrganisation, MeResponse } from '../../../schema/api/users.ts'
import type { OrgAction } from '../../../schema/policy.ts'

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
