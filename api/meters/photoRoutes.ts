import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ReadingParams } from '../../schema/api/meters.ts'
import { AppError, forbidden, notFound } from '../../schema/errors.ts'
import { can } from '../../schema/policy.ts'
import { storeUpload } from '../../server/files/storage.ts'
import { audit } from '../admin/audit.ts'
import { fileResponse } from '../files/download.ts'
import { takeUploadSlot } from '../files/uploadLimit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeMeter } from './access.ts'

/**
 * The optional photo of a meter taken with a reading, through the one files service (streamed,
 * sniffed, content-addressed, metadata such as GPS dropped: server/files). Raster images only.
 * Whoever may read the meter may see the photo; the submitter (or staff serving the meter) adds it.
 */
export const photoRoutes = new Hono<AppEnv>()

const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']

/** Photos stream under the upload limit (app.ts skips the small-body limit for them). */
export function isMeterPhotoUpload(method: string, path: string): boolean {
  return method === 'PUT' && /^\/api\/meters\/[^/]+\/readings\/[^/]+\/photo$/.test(path)
}

async function readingOf(c: Parameters<typeof authorizeMeter>[0], orgId: string, readingId: string) {
  const row = await c
    .get('deps')
    .db.selectFrom('meter_readings')
    .select(['id', 'meter_id', 'submitted_by', 'photo_file_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', readingId)
    .executeTakeFirst()
  if (!row) throw notFound('The reading')
  return row
}

photoRoutes.put(
  '/:orgId/readings/:readingId/photo',
  describeRoute({
    summary: 'Add the photo of the meter to a reading (the body is the image)',
    tags: ['meters'],
  }),
  valid('param', ReadingParams),
  async (c) => {
    const { orgId, readingId } = c.req.valid('param')
    const reading = await readingOf(c, orgId, readingId)
    const { org, place } = await authorizeMeter(c, orgId, reading.meter_id, 'meters.submit')
    const principal = c.get('principal')
    const staff = can(principal, 'meters.manage', { type: 'meters', org, place })
    if (reading.submitted_by !== principal.userId && !staff) {
      throw forbidden('Only who submitted the reading may add its photo.')
    }
    const { db, config } = c.get('deps')
    await takeUploadSlot(db, principal.userId, config.uploadRate)
    const blob = await storeUpload(config.filesDir, c.req.raw.body, config.maxUploadBytes)
    if (!PHOTO_TYPES.includes(blob.mime)) {
      throw new AppError('unsupported_media_type', 'The photo must be a PNG, JPEG, WebP or GIF image.')
    }
    await db.transaction().execute(async (trx) => {
      const file = await trx
        .insertInto('files')
        .values({
          org_id: org.id,
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          name: `meter-${readingId}.${blob.mime.split('/')[1]}`,
          uploaded_by: principal.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('meter_readings')
        .set({ photo_file_id: file.id })
        .where('org_id', '=', org.id)
        .where('id', '=', readingId)
        .execute()
      await audit(trx, {
        orgId: org.id,
        actorId: principal.userId,
        action: 'meter.photo_added',
        targetType: 'meter_reading',
        targetId: readingId,
        details: { size: blob.size, mime: blob.mime, sha256: blob.sha256 },
      })
    })
    return c.body(null, 204)
  },
)

photoRoutes.get(
  '/:orgId/readings/:readingId/photo',
  describeRoute({ summary: 'The photo of a reading (inline image, nosniff)', tags: ['meters'] }),
  valid('param', ReadingParams),
  async (c) => {
    const { orgId, readingId } = c.req.valid('param')
    const reading = await readingOf(c, orgId, readingId)
    await authorizeMeter(c, orgId, reading.meter_id, 'meters.read')
    if (!reading.photo_file_id) throw notFound('The photo')
    const file = await c
      .get('deps')
      .db.selectFrom('files')
      .select(['sha256', 'size', 'mime', 'name'])
      .where('org_id', '=', orgId)
      .where('id', '=', reading.photo_file_id)
      .executeTakeFirstOrThrow()
    return fileResponse(c, file, true)
  },
)
