import type { DashboardDefault, DashboardLayout } from '../../schema/api/dashboards.ts'
import {
  BUILTIN_DEFAULTS,
  keepAllowed,
  roleGroupIn,
  type Widget,
  widgetsAllowed,
} from '../../schema/dashboards/widgets.ts'
import { dashboardAbilitiesIn, type OrgRef, type Principal } from '../../schema/policy.ts'
import { ROLE_GROUPS, type RoleGroup } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'

/**
 * Which widgets someone sees: their own layout, else their organisation's default for their role
 * group, else the built-in one; whichever it is, kept to the widgets they may see now.
 */
export async function layoutFor(db: DB, p: Principal, org: OrgRef): Promise<DashboardLayout> {
  const available = widgetsAllowed(p, org)
  const group = roleGroupIn(p, org)
  const base = { group, available, abilities: dashboardAbilitiesIn(p, org) }
  const own = await db
    .selectFrom('dashboard_layouts')
    .select('widgets')
    .where('user_id', '=', p.userId)
    .where('org_id', '=', org.id)
    .executeTakeFirst()
  if (own) return { ...base, widgets: keepAllowed(own.widgets as Widget[], available), source: 'user' }
  if (group) {
    const def = await defaultFor(db, org.id, group)
    return { ...base, widgets: keepAllowed(def.widgets, available), source: def.source }
  }
  return { ...base, widgets: [], source: 'builtin' }
}

export async function defaultFor(db: DB, orgId: string, group: RoleGroup): Promise<DashboardDefault> {
  const row = await db
    .selectFrom('dashboard_defaults')
    .select('widgets')
    .where('org_id', '=', orgId)
    .where('role_group', '=', group)
    .executeTakeFirst()
  if (row) return { group, widgets: row.widgets as Widget[], source: 'organisation' }
  return { group, widgets: [...BUILTIN_DEFAULTS[group]], source: 'builtin' }
}

export async function allDefaults(db: DB, orgId: string): Promise<DashboardDefault[]> {
  return Promise.all(ROLE_GROUPS.map((g) => defaultFor(db, orgId, g)))
}
