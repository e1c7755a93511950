import type { Audience } from '../../schema/communications/api.ts'
import type { Recipient } from '../../server/communications/audience.ts'
import { enqueueCommunication } from '../../server/communications/enqueue.ts'
import type { DB } from '../../server/db/connect.ts'
import {
  type EventChange,
  type EventForText,
  type EventTextKind,
  eventTexts,
} from '../../server/events/texts.ts'
import { type IcsEvent, noticeIcs } from './ics.ts'

/**
 * An event's notices as communications (portal always, email and SMS by preference; a letter
 * would arrive after the news is stale). An invitation, a change notice or a cancellation also
 * carries the event as ICS in its emails: REQUEST for the first two (the calendar adds the event
 * or replaces its copy, by UID and SEQUENCE), CANCEL for the last (the calendar drops it). A
 * reminder carries none: it changes nothing a calendar holds.
 */
export interface NoticeSender {
  trx: DB
  orgId: string
  orgName: string
  senderId: string
  audience: Audience
  publicUrl: string
}

export type NoticeEvent = EventForText & { id: string; sequence: number; updatedAt: Date | null }

const METHODS = { invited: 'REQUEST', changed: 'REQUEST', cancelled: 'CANCEL' } as const

export async function sendEventNotice(
  s: NoticeSender,
  recipients: readonly Recipient[],
  kind: EventTextKind,
  e: NoticeEvent,
  at: Date,
  changes: readonly EventChange[] = [],
): Promise<string> {
  const texts = eventTexts(e, kind, changes)
  const method = kind === 'reminder' ? null : METHODS[kind]
  const ics: IcsEvent = {
    id: e.id,
    orgId: s.orgId,
    title: e.title,
    description: e.description,
    place: e.place,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    cancelled: method === 'CANCEL',
    sequence: e.sequence,
    updatedAt: e.updatedAt?.toISOString() ?? null,
  }
  const sent = await enqueueCommunication(s.trx, {
    orgId: s.orgId,
    senderId: s.senderId,
    subject: texts.fi.title,
    body: texts.fi.body,
    audience: s.audience,
    override: { channels: ['email', 'sms'] },
    scheduledAt: at,
    recipients,
    texts,
    ...(method ? { calendar: noticeIcs(ics, method, s.publicUrl, s.orgName) } : {}),
  })
  return sent.id
}

/** The organisation's name, the ORGANIZER of its events' ICS. */
export async function orgName(trx: DB, orgId: string): Promise<string> {
  const row = await trx.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst()
  return row?.name ?? 'Kotipiha'
}
