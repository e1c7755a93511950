import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { createEvents, type EventAttributes } from 'ics'
import { FeedTokenParam } from '../../schema/api/bookings.ts'
import { AppError } from '../../schema/errors.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { hashSecret } from '../../server/auth/sessions.ts'
import { eventAttributes } from '../events/ics.ts'
import { myEvents } from '../events/mine.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { myBookings } from './mine.ts'

/**
 * "My bookings" as an ICS feed for calendar apps, behind a secret URL. Only a hash of the token
 * is stored; creating a new one revokes the old, and it can be revoked outright. The feed
 * answers with the person's current rights (a removed member's feed empties).
 */
export const feedTokenRoutes = new Hono<AppEnv>()

feedTokenRoutes.post(
  '/feed-token',
  describeRoute({ summary: 'Create (or replace) my secret calendar-feed URL', tags: ['bookings'] }),
  async (c) => {
    const { db, config } = c.get('deps')
    const userId = c.get('session').userId
    const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(25)))
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('booking_feed_tokens')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute()
      await trx
        .insertInto('booking_feed_tokens')
        .values({ token_hash: hashSecret(token), user_id: userId })
        .execute()
    })
    const url = new URL(`/api/bookings/feed/${token}.ics`, config.publicUrl).toString()
    return c.json({ url }, 201)
  },
)

feedTokenRoutes.delete(
  '/feed-token',
  describeRoute({ summary: 'Revoke my calendar-feed URL', tags: ['bookings'] }),
  async (c) => {
    await c
      .get('deps')
      .db.updateTable('booking_feed_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', c.get('session').userId)
      .where('revoked_at', 'is', null)
      .execute()
    return c.json({ ok: true })
  },
)

export const feedRoutes = new Hono<AppEnv>()

feedRoutes.get(
  '/:token',
  describeRoute({ summary: 'ICS feed of my bookings and events (secret URL)', tags: ['bookings'] }),
  valid('param', FeedTokenParam),
  async (c) => {
    const token = c.req.valid('param').token.replace(/\.ics$/, '')
    const { db } = c.get('deps')
    const row = await db
      .selectFrom('booking_feed_tokens')
      .select('user_id')
      .where('token_hash', '=', hashSecret(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (!row) throw new AppError('not_found', 'This calendar link does not exist or was revoked.')
    // No second factor behind a URL: staff grants (which need TOTP) do not count here.
    const principal = await loadPrincipal(db, { userId: row.user_id, mfaVerified: false })
    const bookings = await myBookings(db, principal, { past: true })
    const events: EventAttributes[] = bookings.map((b) => ({
      uid: `${b.id}@kotipiha`,
      productId: 'kotipiha/bookings',
      title: b.resourceName,
      description: b.apartmentNumber ? `Apartment ${b.apartmentNumber}` : undefined,
      start: Date.parse(b.start),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(b.end),
      endInputType: 'utc',
      endOutputType: 'utc',
      status: 'CONFIRMED',
    }))
    // The events this person is invited to: a line each in the same feed (issue 16).
    for (const e of await myEvents(db, principal, { recentDays: 30 })) {
      events.push(eventAttributes(e, c.get('deps').config.publicUrl))
    }
    const { error, value } = createEvents(events, { calName: 'Kotipiha bookings' })
    if (error || value === null) throw error ?? new Error('ICS generation failed')
    c.header('Content-Type', 'text/calendar; charset=utf-8')
    c.header('Cache-Control', 'private, no-store')
    return c.body(value)
  },
)
