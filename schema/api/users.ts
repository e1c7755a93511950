import { z } from 'zod'
import type { OrgAction } from '../policy.ts'
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type OrgKind,
  type Role,
  type RoleGroup,
} from '../roles.ts'
import { Language, Name, Phone } from './common.ts'

const ChannelPrefs = z.strictObject(
  Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, z.boolean()])) as Record<
    (typeof NOTIFICATION_CHANNELS)[number],
    z.ZodBoolean
  >,
)
export const NotificationPrefsBody = z.strictObject(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, ChannelPrefs.optional()])) as Record<
    (typeof NOTIFICATION_KINDS)[number],
    z.ZodOptional<typeof ChannelPrefs>
  >,
)

export const ProfilePatchBody = z.strictObject({
  name: Name.optional(),
  phone: Phone.nullable().optional(),
  language: Language.optional(),
  notificationPrefs: NotificationPrefsBody.optional(),
})
export type ProfilePatchBody = z.infer<typeof ProfilePatchBody>

export interface MeOrganisation {
  id: string
  name: string
  kind: OrgKind
  status: 'active' | 'suspended'
  roles: Role[]
  groups: RoleGroup[]
  /** Via the management company that runs it, not a direct membership. */
  viaManagement: boolean
  abilities: OrgAction[]
}

export interface MeResponse {
  user: {
    id: string
    email: string
    name: string
    phone: string | null
    language: 'fi' | 'sv' | 'en'
    platformAdmin: boolean
    notificationPrefs: Record<string, Record<string, boolean>>
  }
  mfa: { required: boolean; enrolled: boolean; verified: boolean }
  organisations: MeOrganisation[]
  platform: { reviewRegistrations: boolean; listAllOrganisations: boolean }
  demo: boolean
  /** MAX_UPLOAD_MB in bytes: every upload (attachments, documents, materials) is refused beyond it. */
  limits: { maxUploadBytes: number }
}
