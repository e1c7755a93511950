import { createHash, randomBytes } from 'node:crypto'
import { MAIL } from '../../../schema/i18n/mail.ts'
import type { DB } from '../../../server/db/connect.ts'
import type { Mailer } from '../../../server/mail/mailer.ts'
import { claim, complete, fail, type OutboxRow } from '../../../server/outbox/outbox.ts'
import { audit } from '../../admin/audit.ts'
import { collectSections, uploadedFiles } from './collect.ts'
import { writeExportZip } from './zip.ts'

/**
 * Prepares requested exports in the background: claims `gdpr.export` outbox rows (the same
 * leases as the indexer and the notifier, so any number of API processes may run it and a crash
 * loses nothing), collects the person's data, writes the zip with progress, then in one
 * transaction marks it ready with the hash of a fresh link secret, valid 24 hours, mails the link
 * in the person's language and audits it. The secret exists only in the mail.
 */
export const EXPORT_TOPIC = 'gdpr.export'
export const EXPORT_VALID_MS = 24 * 3_600_000

export const hashToken = (token: string) => new Uint8Array(createHash('sha256').update(token).digest())

export interface ExportWorkerDeps {
  db: DB
  mailer: Mailer
  filesDir: string
  publicUrl: string
}

export async function enqueueExport(trx: DB, exportId: string): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({ org_id: null, topic: EXPORT_TOPIC, entity_id: exportId, payload: JSON.stringify({}) })
    .execute()
}

async function prepare(deps: ExportWorkerDeps, row: OutboxRow): Promise<void> {
  const { db } = deps
  const job = await db
    .selectFrom('gdpr_exports')
    .innerJoin('users', 'users.id', 'gdpr_exports.user_id')
    .select(['gdpr_exports.id', 'gdpr_exports.status', 'user_id', 'users.email', 'users.language'])
    .where('gdpr_exports.id', '=', row.entityId)
    .executeTakeFirst()
  // Removed meanwhile (the person was erased) or already done by a worker whose completion was lost.
  if (!job || job.status === 'ready') return
  let last = 0
  const progress = async (fraction: number) => {
    const pct = Math.min(99, Math.floor(fraction * 100))
    if (pct < last + 5 && pct !== 99) return
    last = pct
    await db.updateTable('gdpr_exports').set({ progress: pct }).where('id', '=', job.id).execute()
  }
  await db
    .updateTable('gdpr_exports')
    .set({ status: 'running', progress: 1 })
    .where('id', '=', job.id)
    .execute()
  const sections = await collectSections(db, job.user_id, (f) => progress(f * 0.5))
  const files = await uploadedFiles(db, job.user_id)
  const zip = await writeExportZip({
    filesDir: deps.filesDir,
    exportId: job.id,
    sections,
    files,
    onFile: (f) => progress(0.5 + f * 0.49),
  })
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + EXPORT_VALID_MS)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('gdpr_exports')
      .set({
        status: 'ready',
        progress: 100,
        file_name: zip.fileName,
        size: zip.size,
        token_hash: hashToken(token),
        ready_at: new Date(),
        expires_at: expiresAt,
        error: null,
      })
      .where('id', '=', job.id)
      .execute()
    const mail = MAIL[job.language].exportReady({
      link: `${deps.publicUrl}/api/gdpr/exports/${job.id}/download?token=${token}`,
      page: `${deps.publicUrl}/profile/data`,
    })
    await deps.mailer.enqueue(trx, { to: job.email, ...mail, kind: 'gdpr_export' })
    await audit(trx, {
      orgId: null,
      actorId: null,
      action: 'gdpr.export_ready',
      targetType: 'user',
      targetId: job.user_id,
      details: { exportId: job.id, size: zip.size, sections: sections.length, files: files.length },
    })
  })
}

export interface ExportWorker {
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export function startExportWorker(
  deps: ExportWorkerDeps,
  opts: { pollMs?: number; autoStart?: boolean } = {},
) {
  const worker = `gdpr-export-${crypto.randomUUID().slice(0, 8)}`
  async function runOnce(): Promise<number> {
    const rows = await claim(deps.db, { worker, topics: [EXPORT_TOPIC], limit: 2, leaseMs: 10 * 60_000 })
    for (const row of rows) {
      try {
        await prepare(deps, row)
        await complete(deps.db, worker, [row.id])
      } catch (error) {
        const outcome = await fail(deps.db, worker, row, String(error), { maxAttempts: 5, backoffMs: 5000 })
        await deps.db
          .updateTable('gdpr_exports')
          .set(
            outcome === 'parked'
              ? { status: 'failed', error: String(error).slice(0, 500) }
              : { status: 'queued' },
          )
          .where('id', '=', row.entityId)
          .execute()
      }
    }
    return rows.length
  }
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  const loop = () => {
    if (stopped) return
    running = runOnce()
      .catch((error: unknown) => console.error('[gdpr] export poll failed', String(error)))
      .then((n) => {
        if (!stopped) timer = setTimeout(loop, n ? 0 : (opts.pollMs ?? 2000))
      })
  }
  if (opts.autoStart !== false) timer = setTimeout(loop, 0)
  return {
    runOnce,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  } satisfies ExportWorker
}
