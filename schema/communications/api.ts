import { z } from 'zod'
import { Uuid } from '../api/common.ts'
import { ROLES } from '../roles.ts'

/**
 * Request validators and response shapes of communications (api/communications): announcements,
 * mass communications and their delivery status. Limits here are the contract the client checks
 * before sending and the server enforces.
 */
export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]
export const CHANNELS = ['portal', 'email', 'sms', 'letter'] as const
export type Channel = (typeof CHANNELS)[number]
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'read', 'cancelled'] as const
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number]

export const SUBJECT_MAX = 200
export const BODY_MAX = 20_000
/** One SMS segment (GSM-7); a longer text is split and each part counted (and paid for). */
export const SMS_SEGMENT = 160
export const SMS_MAX_SEGMENTS = 6

const ids = z.array(Uuid).max(500).optional()
/** One group of recipients; an audience is the union of its segments. */
export const Segment = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  buildingIds: ids,
  staircaseIds: ids,
  apartmentIds: ids,
})
export type Segment = z.infer<typeof Segment>
/** Groups one audience may join (the composer's "Add another group" stops there). */
export const AUDIENCE_SEGMENTS_MAX = 10
export const Audience = z.strictObject({ segments: z.array(Segment).min(1).max(AUDIENCE_SEGMENTS_MAX) })
export type Audience = z.infer<typeof Audience>

/**
 * Per-message channel override: `letterWithoutEmail` sends a printed letter to everyone without an
 * email address (a legal notice); `channels` limits the message to these channels (portal always).
 */
export const Override = z.strictObject({
  letterWithoutEmail: z.boolean().optional(),
  channels: z.array(z.enum(CHANNELS)).max(4).optional(),
})
export type Override = z.infer<typeof Override>

export const Compose = z.strictObject({
  subject: z.string().trim().min(1, 'Required.').max(SUBJECT_MAX),
  body: z.string().trim().min(1, 'Required.').max(BODY_MAX),
  audience: Audience,
  override: Override.optional(),
  /** ISO time; absent or past = now. */
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * The id the composer uploaded its attachments under (/api/attachments/…/of/communication/<id>):
   * the send takes it as its own id, and so its files. Sending one draft twice is 409.
   */
  draftId: Uuid.optional(),
})
export type Compose = z.infer<typeof Compose>
export const Preview = z.strictObject({ audience: Audience, override: Override.optional() })

/** A saved recipient list: a named audience the composer loads ("board and manager"). */
export const SavedListInput = z.strictObject({
  name: z.string().trim().min(1, 'Required.').max(100),
  audience: Audience,
})
export type SavedListInput = z.infer<typeof SavedListInput>
export interface SavedList {
  id: string
  name: string
  audience: Audience
  createdAt: string
}
export const ListParams = z.strictObject({ orgId: Uuid, id: Uuid })

export const OrgParam = z.strictObject({ orgId: Uuid })
export const SendParams = z.strictObject({ orgId: Uuid, id: Uuid })

const LangText = z.strictObject({
  title: z.string().trim().min(1, 'Required.').max(200),
  body: z.string().trim().max(4000),
})
export const AnnouncementInput = z
  .strictObject({
    severity: z.enum(SEVERITIES),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    texts: z.strictObject({ fi: LangText, sv: LangText, en: LangText }),
    /** Platform-wide only: limit it to these organisations (an outage of one region); none: everyone. */
    orgIds: z.array(Uuid).min(1).max(500).optional(),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    message: 'The end must be after the start.',
    path: ['endsAt'],
  })
export type AnnouncementInput = z.infer<typeof AnnouncementInput>

/** Who an announcement would reach, asked before publishing (the form's reach preview). */
export const AnnouncementReachInput = z.strictObject({
  severity: z.enum(SEVERITIES),
  /** Platform-wide only, as in AnnouncementInput. */
  orgIds: z.array(Uuid).min(1).max(500).optional(),
})
export type AnnouncementReachInput = z.infer<typeof AnnouncementReachInput>

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export interface ChannelCount {
  channel: Channel
  recipients: number
}
export interface PreviewResult {
  recipients: number
  perChannel: ChannelCount[]
  /** People a requested channel cannot reach (no email, phone or postal address): the first 200. */
  unreachable: Array<{ userId: string; name: string; channel: Channel }>
  /** How many (person, channel) pairs cannot be reached in all; `unreachable` lists the first. */
  unreachableCount: number
  /** SMS parts per message and how many parts in total (cost). */
  smsSegments: number
  smsPartsTotal: number
}

/**
 * An announcement's reach before it is published: everyone it concerns sees the banner (`portal`);
 * a critical one also goes by email and SMS by each person's preferences. `unreachable`: people
 * who asked for a channel they cannot be reached on (no phone); `bannerOnly`: people who get
 * nothing but the banner, so only see it when they sign in.
 */
export interface AnnouncementReach {
  people: number
  perChannel: ChannelCount[]
  unreachable: Array<{ userId: string; name: string; channel: Channel }>
  unreachableCount: number
  bannerOnly: number
  /** Organisations it reaches (platform-wide; 1 for an organisation's own). */
  organisations: number
}

export interface SendSummary {
  id: string
  orgId: string
  subject: string
  senderName: string | null
  createdAt: string
  scheduledAt: string
  cancelledAt: string | null
  recipients: number
  totals: Record<DeliveryStatusName, number>
  letterPages: number | null
}

export interface DeliveryRow {
  id: string
  userId: string
  name: string
  channel: Channel
  status: DeliveryStatusName
  attempts: number
  lastError: string | null
  sentAt: string | null
}

export interface SendDetail extends SendSummary {
  body: string
  perChannel: Array<{ channel: Channel; totals: Record<DeliveryStatusName, number> }>
  deliveries: DeliveryRow[]
  canCancel: boolean
}

/** A file of a mass communication, as its recipients see it (download: /api/attachments/…). */
export interface MessageAttachment {
  id: string
  name: string
  mime: string
  size: number
}

export interface InboxMessage {
  attachments: MessageAttachment[]
  deliveryId: string
  communicationId: string
  orgId: string
  orgName: string
  subject: string
  body: string
  sentAt: string
  readAt: string | null
}

export interface AnnouncementView {
  id: string
  orgId: string | null
  severity: Severity
  startsAt: string
  endsAt: string
  texts: Record<'fi' | 'sv' | 'en', { title: string; body: string }>
  dismissed: boolean
}

export const emptyTotals = (): Record<DeliveryStatusName, number> => ({
  queued: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  read: 0,
  cancelled: 0,
})

/** How many SMS parts a text takes (160 per part; 153 each when split, for the joining header). */
export function smsSegments(text: string): number {
  if (text.length <= SMS_SEGMENT) return 1
  return Math.ceil(text.length / 153)
}

/** A platform-wide announcement with its email/SMS fan-out and delivery counts (platform admins). */
export interface PlatformAnnouncementStatus {
  id: string
  severity: (typeof SEVERITIES)[number]
  startsAt: string
  endsAt: string
  title: string
  withdrawn: boolean
  /** Organisations it is limited to (null: everyone). */
  orgIds: string[] | null
  /** Fan-out into per-organisation sends: not started (null), running, done. */
  fanout: 'none' | 'pending' | 'running' | 'done'
  sends: number
  recipients: number
  perChannel: Array<{ channel: Channel; totals: Record<DeliveryStatusName, number> }>
}
