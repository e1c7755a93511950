import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { z } from 'zod'
import { EventInput, OrgParam } from '../../schema/events/api.ts'
import { EVENT_ORGANISERS, eventAbilitiesIn, hasAny, rolesIn } from '../../schema/policy.ts'
import { resolveAudience } from '../../server/communications/audience.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeEventCreate, authorizeEventList } from './access.ts'
import { createEvent } from './create.ts'
import { myEvents } from './mine.ts'
import { eventSummaries } from './queries.ts'

/** `/api/events/mine` and an organisation's events: list and create. */
export const orgRoutes = new Hono<AppEnv>()

orgRoutes.get(
  '/mine',
  describeRoute({
    summary: 'My upcoming events across organisations (those I am invited to)',
    tags: ['events'],
  }),
  async (c) => {
    const events = (await myEvents(c.get('deps').db, c.get('principal'))).map(
      ({ description: _d, ...s }) => s,
    )
    c.header('Cache-Control', 'no-store')
    return c.json({ events })
  },
)

orgRoutes.get(
  '/org/:orgId',
  describeRoute({ summary: "An organisation's events the caller may read", tags: ['events'] }),
  valid('param', OrgParam),
  valid('query', z.strictObject({ past: z.enum(['1']).optional() })),
  async (c) => {
    const org = await authorizeEventList(c, c.req.valid('param').orgId)
    const principal = c.get('principal')
    const organiser = hasAny(rolesIn(principal, org), EVENT_ORGANISERS)
    const rows = await eventSummaries(c.get('deps').db, principal.userId, {
      orgId: org.id,
      ...(organiser ? {} : { invitedExceptOrgs: [] }),
      upcoming: c.req.valid('query').past !== '1',
    })
    const events = rows.map(({ description: _d, reminderHours: _r, threadId: _t, audience: _a, ...s }) => s)
    c.header('Cache-Control', 'no-store')
    return c.json({ events, abilities: eventAbilitiesIn(principal, org) })
  },
)

orgRoutes.post(
  '/org/:orgId',
  describeRoute({ summary: 'Create an event: invitees, chat thread and reminder', tags: ['events'] }),
  valid('param', OrgParam),
  valid('json', EventInput),
  async (c) => {
    const org = await authorizeEventCreate(c, c.req.valid('param').orgId)
    const input = c.req.valid('json')
    const { db, config } = c.get('deps')
    const recipients = await resolveAudience(db, org, input.audience)
    const created = await db.transaction().execute((trx) =>
      createEvent(
        trx,
        org,
        c.get('principal').userId,
        {
          title: input.title,
          description: input.description,
          place: input.place,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          audience: input.audience,
          capacity: input.capacity,
          reminderHours: input.reminderHours,
        },
        recipients,
        config.communicationsRecipientsPerHour,
      ),
    )
    return c.json({ id: created.id, invited: recipients.length, reminder: created.reminderId !== null }, 201)
  },
)
