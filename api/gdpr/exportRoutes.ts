import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ExportDownloadQuery, ExportParams, type GdprExport } from '../../schema/api/gdpr.ts'
import { AppError } from '../../schema/errors.ts'
import { validateSessionToken } from '../../server/auth/sessions.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { requireAuth, sessionToken } from '../http/security.ts'
import { valid } from '../http/validate.ts'
import { enqueueExport, hashToken } from './export/worker.ts'
import { exportsDir } from './export/zip.ts'

/**
 * /api/gdpr/exports: a person's copy of their data. Asking queues a background job
 * (api/gdpr/export/worker.ts); the list shows its progress; the zip is downloaded by its owner's
 * session, or by the signed link from the mail (its secret hashed in the row), for 24 hours.
 * Everything is about the caller: another person's export is not found, whatever its id.
 */
export const gdprExportRoutes = new Hono<AppEnv>()

/** At most one export in preparation, and at most this many asked per day. */
const PER_DAY = 5

function view(r: {
  id: string
  status: 'queued' | 'running' | 'ready' | 'failed'
  progress: number
  size: string | null
  requested_at: Date
  ready_at: Date | null
  expires_at: Date | null
}): GdprExport {
  const expired = r.status === 'ready' && r.expires_at !== null && r.expires_at.getTime() <= Date.now()
  return {
    id: r.id,
    status: expired ? 'expired' : r.status,
    progress: r.progress,
    size: r.size === null ? null : Number(r.size),
    requestedAt: r.requested_at.toISOString(),
    readyAt: r.ready_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
  }
}

const COLUMNS = ['id', 'status', 'progress', 'size', 'requested_at', 'ready_at', 'expires_at'] as const

gdprExportRoutes.post(
  '/',
  describeRoute({ summary: 'Ask for a copy of my data (prepared in the background)', tags: ['gdpr'] }),
  requireAuth,
  async (c) => {
    const { db } = c.get('deps')
    const userId = c.get('session').userId
    const row = await db.transaction().execute(async (trx) => {
      // Serialises one person's requests, so two clicks cannot both pass the checks below.
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute()
      const recent = await trx
        .selectFrom('gdpr_exports')
        .select(['status'])
        .where('user_id', '=', userId)
        .where('requested_at', '>', new Date(Date.now() - 24 * 3_600_000))
        .execute()
      if (recent.some((r) => r.status === 'queued' || r.status === 'running'))
        throw new AppError('conflict', 'Your previous export is still being prepared.')
      if (recent.length >= PER_DAY)
        throw new AppError('rate_limited', `At most ${PER_DAY} exports a day. Try again tomorrow.`)
      const created = await trx
        .insertInto('gdpr_exports')
        .values({ user_id: userId })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await enqueueExport(trx, created.id)
      await audit(trx, {
        orgId: null,
        actorId: userId,
        action: 'gdpr.export_requested',
        targetType: 'user',
        targetId: userId,
        details: { exportId: created.id },
      })
      return created
    })
    return c.json({ export: view(row) }, 201)
  },
)

gdprExportRoutes.get(
  '/',
  describeRoute({ summary: 'My exports and their progress', tags: ['gdpr'] }),
  requireAuth,
  async (c) => {
    const { db } = c.get('deps')
    const rows = await db
      .selectFrom('gdpr_exports')
      .select(COLUMNS)
      .where('user_id', '=', c.get('session').userId)
      .orderBy('requested_at', 'desc')
      .limit(20)
      .execute()
    return c.json({ exports: rows.map(view) })
  },
)

gdprExportRoutes.get(
  '/:id/download',
  describeRoute({ summary: 'Download an export: its owner signed in, or the signed link', tags: ['gdpr'] }),
  valid('param', ExportParams),
  valid('query', ExportDownloadQuery),
  async (c) => {
    const { db, config } = c.get('deps')
    const { id } = c.req.valid('param')
    const { token } = c.req.valid('query')
    const row = await db
      .selectFrom('gdpr_exports')
      .select(['id', 'user_id', 'status', 'token_hash', 'file_name', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    const sessionCookie = sessionToken(c)
    const session = sessionCookie ? await validateSessionToken(db, sessionCookie) : null
    const byLink =
      token !== undefined &&
      row?.token_hash != null &&
      Buffer.from(hashToken(token)).equals(Buffer.from(row.token_hash))
    const byOwner = session !== null && row?.user_id === session.userId
    // Neither the owner nor the link: nothing to learn, not even whether it exists.
    if (!row || !(byLink || byOwner)) {
      if (!session && token === undefined) throw new AppError('unauthenticated', 'Sign in to continue.')
      throw new AppError('not_found', 'No such export.')
    }
    if (row.status !== 'ready' || !row.file_name)
      throw new AppError('conflict', 'The export is not ready yet.')
    if (!row.expires_at || row.expires_at.getTime() <= Date.now())
      throw new AppError('token_invalid', 'The export has expired. Ask for a new one.')
    await audit(db, {
      orgId: null,
      actorId: session?.userId ?? null,
      action: 'gdpr.export_downloaded',
      targetType: 'user',
      targetId: row.user_id,
      details: { exportId: row.id, via: byOwner ? 'session' : 'link' },
    })
    const stream = createReadStream(join(exportsDir(config.filesDir), row.file_name))
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="kotipiha-data-${row.id.slice(0, 8)}.zip"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  },
)
