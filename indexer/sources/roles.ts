import type { OrgRef, Principal } from '../../schema/policy.ts'
import { ROLES, type Role } from '../../schema/roles.ts'

/**
 * The roles that, held alone and not limited to a building, pass `check` for something of `org`
 * (a member of `memberOf`, the organisation itself unless told). Derived records' audiences come
 * from the one policy this way, so a rule changed in schema/policy.ts changes what search shows.
 * The asker is nobody in particular: being the reporter, assignee or a participant is expressed
 * by the audience's `participants`, not by a role.
 */
export function rolesPassing(
  org: OrgRef,
  check: (p: Principal) => boolean,
  memberOf: Pick<OrgRef, 'id' | 'kind'> = org,
): Role[] {
  return ROLES.filter((role) =>
    check({
      userId: '',
      platformAdmin: false,
      mfaVerified: true,
      memberships: [
        { orgId: memberOf.id, orgKind: memberOf.kind, role, buildingId: null, apartmentId: null },
      ],
    }),
  )
}
