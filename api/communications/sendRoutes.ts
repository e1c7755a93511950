import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { Compose, OrgParam, Preview, type SendDetail, SendParams } from '../../schema/communications/api.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { countAudience } from '../../server/communications/audience.ts'
import { retryFailed } from '../../server/communications/deliveries.ts'
import { cancelCommunication } from '../../server/communications/enqueue.ts'
import { enqueueAudience } from '../../server/communications/enqueueAudience.ts'
import { audienceFigures } from '../../server/communications/plannedAudience.ts'
import { audit } from '../admin/audit.ts'
import { fileResponse } from '../files/download.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeCommunications } from './access.ts'
import { draftFiles, draftTaken } from './drafts.ts'
import { previewFromCounts } from './preview.ts'
import { checkSendRate } from './rateLimit.ts'
import { deliveryRows, sendSummaries } from './sendQueries.ts'

/** Mass communications of one organisation: preview, send (or schedule), status, cancel, retry. */
export const sendRoutes = new Hono<AppEnv>()

sendRoutes.post(
  '/:orgId/preview',
  describeRoute({ summary: 'Resolved recipients per channel before sending', tags: ['communications'] }),
  valid('param', OrgParam),
  valid('json', Preview),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.send')
    const { audience, override } = c.req.valid('json')
    // Counted in the database (the send's own plan): nobody of the organisation is loaded here.
    const f = await audienceFigures(c.get('deps').db, org, audience, override)
    return c.json(previewFromCounts(f.recipients, f.perChannel, f.unreachable, '', f.unreachableCount))
  },
)

sendRoutes.post(
  '/:orgId/sends',
  describeRoute({ summary: 'Send (or schedule) a mass communication', tags: ['communications'] }),
  valid('param', OrgParam),
  valid('json', Compose),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.send')
    const input = c.req.valid('json')
    const { db, config } = c.get('deps')
    const senderId = c.get('principal').userId
    const scheduled = input.scheduledAt ? new Date(input.scheduledAt) : new Date()
    const override = input.override ?? {}
    const result = await db.transaction().execute(async (trx) => {
      // A draft sent already (a second click, a second tab): its id is taken, whatever organisation.
      if (input.draftId && (await draftTaken(trx, input.draftId)))
        throw new AppError('conflict', 'This message has been sent already.')
      // Counted first: a sender over the limit costs a count, not 50,000 rows written and undone.
      const count = await countAudience(trx, org, input.audience)
      await checkSendRate(trx, senderId, count, config.communicationsRecipientsPerHour)
      // Resolved and written inside the database (one INSERT … SELECT), no person loaded here.
      const sent = await enqueueAudience(trx, org, input.audience, {
        ...(input.draftId ? { id: input.draftId } : {}),
        orgId: org.id,
        senderId,
        subject: input.subject,
        body: input.body,
        override,
        scheduledAt: scheduled,
      })
      await audit(trx, {
        orgId: org.id,
        actorId: senderId,
        action: 'communication.send',
        targetType: 'communication',
        targetId: sent.id,
        details: {
          recipients: sent.recipients,
          deliveries: sent.rows,
          attachments: input.draftId ? await draftFiles(trx, org.id, input.draftId) : [],
          scheduledAt: scheduled.toISOString(),
        },
      })
      return sent
    })
    const preview = previewFromCounts(
      result.recipients,
      result.perChannel,
      result.unreachable,
      input.body,
      result.unreachableCount,
    )
    return c.json({ id: result.id, recipients: result.recipients, preview }, 201)
  },
)

sendRoutes.get(
  '/:orgId/sends',
  describeRoute({ summary: 'Sends of the organisation, newest first', tags: ['communications'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.read')
    const rows = await sendSummaries(c.get('deps').db, org.id)
    return c.json({
      sends: rows.map(({ body: _b, letterFileId: _l, perChannelMap: _p, ...s }) => s),
    })
  },
)

sendRoutes.get(
  '/:orgId/sends/:id',
  describeRoute({ summary: 'One send with its delivery status per recipient', tags: ['communications'] }),
  valid('param', SendParams),
  async (c) => {
    const { orgId, id } = c.req.valid('param')
    const org = await authorizeCommunications(c, orgId, 'communications.read')
    const { db } = c.get('deps')
    const [send] = await sendSummaries(db, org.id, { id })
    if (!send) throw notFound('The message')
    const { letterFileId: _l, perChannelMap, ...rest } = send
    const detail: SendDetail = {
      ...rest,
      perChannel: [...perChannelMap.entries()].map(([channel, totals]) => ({ channel, totals })),
      deliveries: await deliveryRows(db, org.id, id),
      canCancel: send.cancelledAt === null && send.totals.queued > 0,
    }
    c.header('Cache-Control', 'no-store')
    return c.json(detail)
  },
)

sendRoutes.post(
  '/:orgId/sends/:id/cancel',
  describeRoute({ summary: 'Cancel what has not been sent yet', tags: ['communications'] }),
  valid('param', SendParams),
  async (c) => {
    const { orgId, id } = c.req.valid('param')
    const org = await authorizeCommunications(c, orgId, 'communications.send')
    const { db } = c.get('deps')
    const cancelled = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('communications')
        .select('id')
        .where('org_id', '=', org.id)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw notFound('The message')
      const n = await cancelCommunication(trx, org.id, id)
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'communication.cancel',
        targetType: 'communication',
        targetId: id,
        details: { cancelled: n },
      })
      return n
    })
    return c.json({ cancelled })
  },
)

sendRoutes.post(
  '/:orgId/sends/:id/retry',
  describeRoute({ summary: 'Queue the failed deliveries again', tags: ['communications'] }),
  valid('param', SendParams),
  async (c) => {
    const { orgId, id } = c.req.valid('param')
    const org = await authorizeCommunications(c, orgId, 'communications.send')
    const { db } = c.get('deps')
    const [send] = await sendSummaries(db, org.id, { id })
    if (!send) throw notFound('The message')
    const retried = await db.transaction().execute(async (trx) => {
      const n = await retryFailed(trx, id)
      await audit(trx, {
        orgId: org.id,
        actorId: c.get('principal').userId,
        action: 'communication.retry',
        targetType: 'communication',
        targetId: id,
        details: { retried: n },
      })
      return n
    })
    return c.json({ retried })
  },
)

sendRoutes.get(
  '/:orgId/sends/:id/letters.pdf',
  describeRoute({ summary: 'The print-ready letter batch (A4, C5 window)', tags: ['communications'] }),
  valid('param', SendParams),
  async (c) => {
    const { orgId, id } = c.req.valid('param')
    const org = await authorizeCommunications(c, orgId, 'communications.read')
    const { db } = c.get('deps')
    const file = await db
      .selectFrom('communications as c')
      .innerJoin('files as f', (j) =>
        j.onRef('f.id', '=', 'c.letter_file_id').onRef('f.org_id', '=', 'c.org_id'),
      )
      .select(['f.sha256', 'f.size', 'f.mime', 'f.name'])
      .where('c.org_id', '=', org.id)
      .where('c.id', '=', id)
      .executeTakeFirst()
    if (!file) throw notFound('The letter batch')
    return fileResponse(c, file, false)
  },
)

sendRoutes.get(
  '/:orgId/places',
  describeRoute({ summary: 'Buildings, staircases and apartments to target', tags: ['communications'] }),
  valid('param', OrgParam),
  async (c) => {
    const org = await authorizeCommunications(c, c.req.valid('param').orgId, 'communications.send')
    const { db } = c.get('deps')
    const [buildings, staircases, apartments] = await Promise.all([
      db
        .selectFrom('buildings')
        .select(['id', 'name'])
        .where('org_id', '=', org.id)
        .orderBy('name')
        .execute(),
      db
        .selectFrom('staircases')
        .select(['id', 'name', 'building_id as buildingId'])
        .where('org_id', '=', org.id)
        .orderBy('name')
        .execute(),
      db
        .selectFrom('apartments')
        .select(['id', 'number', 'building_id as buildingId'])
        .where('org_id', '=', org.id)
        .orderBy('number')
        .execute(),
    ])
    return c.json({ buildings, staircases, apartments })
  },
)
