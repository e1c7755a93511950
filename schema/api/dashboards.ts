import { z } from 'zod'
import { MAX_WIDGETS, WIDGET_KINDS, type Widget, type WidgetKind } from '../dashboards/widgets.ts'
import { ROLE_GROUPS, type RoleGroup } from '../roles.ts'
import { Uuid } from './common.ts'

/** Dashboards, the cooperative information page and external links (api/dashboards, api/orginfo). */
export const WidgetBody = z.strictObject({
  kind: z.enum(WIDGET_KINDS),
  size: z.enum(['small', 'large']),
})
export const LayoutBody = z.strictObject({ widgets: z.array(WidgetBody).max(MAX_WIDGETS) })
export const OrgParam = z.strictObject({ orgId: Uuid })
export const GroupParam = z.strictObject({ orgId: Uuid, group: z.enum(ROLE_GROUPS) })

export interface DashboardLayout {
  widgets: Widget[]
  /** Where the widgets came from: the user's own layout, the organisation's default, or built in. */
  source: 'user' | 'organisation' | 'builtin'
  group: RoleGroup | null
  /** The kinds this user may place here (what the "add a widget" list offers). */
  available: WidgetKind[]
  abilities: { defaults: boolean; readInfo: boolean; editInfo: boolean; manageLinks: boolean }
}

export interface DashboardDefault {
  group: RoleGroup
  widgets: Widget[]
  source: 'organisation' | 'builtin'
}

const text = (max: number) => z.string().trim().max(max)
export const ContactBody = z.strictObject({
  role: text(80).min(1),
  name: text(120).default(''),
  phone: text(40).default(''),
  email: z.union([z.literal(''), z.string().trim().email().max(200)]).default(''),
  note: text(300).default(''),
})
export const OrgInfoBody = z.strictObject({
  contacts: z.array(ContactBody).max(40),
  officeHours: text(1000).default(''),
  emergencyPhone: text(40).default(''),
  houseRules: text(20000).default(''),
})
export type OrgInfoBody = z.infer<typeof OrgInfoBody>
export interface OrgInfo extends OrgInfoBody {
  updatedAt: string | null
  updatedBy: string | null
}

/** Link icons are a fixed set drawn by the client (never a URL to an image). */
export const LINK_ICONS = ['link', 'power', 'water', 'recycle', 'heat', 'document', 'tool', 'phone'] as const
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'Only http and https links.')
export const LinkBody = z.strictObject({
  title: text(120).min(1),
  url: httpUrl,
  description: text(500).default(''),
  icon: z.enum(LINK_ICONS).default('link'),
})
export const LinkParam = z.strictObject({ orgId: Uuid, linkId: Uuid })
export const LinkOrderBody = z.strictObject({ ids: z.array(Uuid).max(200) })
export interface OrgLink {
  id: string
  title: string
  url: string
  description: string
  icon: (typeof LINK_ICONS)[number]
  position: number
}

// ── "My apartment" and service history ───────────────────────────────────────────────────────
export const ApartmentParam = z.strictObject({ orgId: Uuid, apartmentId: Uuid })
export const BuildingParam = z.strictObject({ orgId: Uuid, buildingId: Uuid })

export interface ApartmentSummary {
  id: string
  number: string
  building: { id: string; name: string; address: string }
}
export interface ApartmentView extends ApartmentSummary {
  areaM2: number
  /** Owners and staff only (residents who do not own see null). */
  shareCount: number | null
  cases: { id: string; number: number; title: string; status: string; createdAt: string }[]
  /** What the page may show and fetch next from the other domains. */
  abilities: { finance: boolean; history: boolean }
}
export interface ServiceEntry {
  caseId: string
  number: number
  title: string
  category: string
  status: 'resolved' | 'closed'
  place: string
  reportedAt: string
  doneAt: string
  /** Who did it: the assignee, else whoever set it resolved or closed. */
  doneBy: string | null
}
export interface ServiceHistory {
  place: { buildingId: string; apartmentId: string | null; label: string }
  entries: ServiceEntry[]
}
