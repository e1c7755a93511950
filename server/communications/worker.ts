import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { CommunicationSignal } from '../bus/channels.ts'
import type { DB } from '../db/connect.ts'
import { readBlob, storeBytes } from '../files/storage.ts'
import type { Logger } from '../log.ts'
import type { Mailer } from '../mail/mailer.ts'
import { startLoop } from '../outbox/loop.ts'
import {
  type ChannelDeps,
  deliverEmail,
  deliverLetters,
  deliverPortal,
  deliverSms,
  sendsWithLettersDue,
} from './channelWork.ts'
import { takeStartedAnnouncements } from './criticalAnnouncements.ts'
import { claimDeliveries, failDelivery } from './deliveries.ts'
import { fanOutStep } from './platformFanout.ts'
import type { SmsSender } from './sms.ts'

/**
 * The delivery loop of communications: claims due delivery rows per channel and hands them to the
 * channel (channelWork.ts). Any number of workers may run (leases); each batch that throws is
 * failed row by row (retried with backoff, failed for good after MAX_ATTEMPTS). After portal rows
 * are marked sent, `signal` tells the recipients' open clients to fetch their messages; announcements
 * that have just started are signalled once across all workers (`signalled_at`).
 */
export type { CommunicationSignal } from '../bus/channels.ts'

export interface WorkerOptions {
  db: DB
  mailer: Mailer
  sms: SmsSender
  filesDir: string
  publicUrl: string
  log: Logger
  signal: (signal: CommunicationSignal) => Promise<void>
  pollMs?: number
  worker?: string
}

export interface CommunicationsWorker {
  readonly worker: string
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export function createCommunicationsWorker(opts: WorkerOptions): CommunicationsWorker {
  const { db, log } = opts
  const worker = opts.worker ?? `comms-${randomUUID().slice(0, 8)}`
  const deps: ChannelDeps = {
    db,
    worker,
    mailer: opts.mailer,
    sms: opts.sms,
    publicUrl: opts.publicUrl,
    async storeLetters(orgId, name, pdf) {
      const blob = await storeBytes(opts.filesDir, pdf, 'application/pdf')
      const row = await db
        .insertInto('files')
        .values({
          org_id: orgId,
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          name,
          uploaded_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },
    readFile: (sha256) => readBlob(opts.filesDir, sha256),
  }

  async function guarded<T>(rows: readonly { id: string; attempts: number }[], work: () => Promise<T>) {
    try {
      return await work()
    } catch (error) {
      log.warn('communications.delivery_failed', { worker, rows: rows.length, error: String(error) })
      for (const r of rows) await failDelivery(db, worker, r, String(error))
      return undefined
    }
  }

  async function announcements(): Promise<void> {
    if ((await takeStartedAnnouncements(db)) > 0) await opts.signal({ type: 'announcements' })
  }

  /** One cheap statement when idle (PGlite has one connection to share with everything else). */
  async function anythingDue(): Promise<boolean> {
    const row = await sql<{ due: boolean }>`
      SELECT EXISTS (SELECT 1 FROM communication_deliveries
        WHERE status = 'queued' AND available_at <= now()) AS due`.execute(db)
    return row.rows[0]?.due === true
  }

  async function runOnce(): Promise<number> {
    let done = 0
    await announcements().catch((error: unknown) =>
      log.warn('communications.announcement_signal_failed', { error: String(error) }),
    )
    // One bounded step of a platform-wide critical announcement's fan-out per round.
    await fanOutStep(db).catch((error: unknown) =>
      log.warn('communications.fanout_failed', { error: String(error) }),
    )
    if (!(await anythingDue())) return 0
    const portal = await claimDeliveries(db, { worker, channel: 'portal', limit: 5000 })
    if (portal.length > 0) {
      const users = await guarded(portal, () => deliverPortal(deps, portal))
      done += portal.length
      if (users && users.length > 0)
        await opts
          .signal({ type: 'messages', userIds: users })
          .catch((error: unknown) => log.warn('communications.signal_failed', { error: String(error) }))
    }
    const email = await claimDeliveries(db, { worker, channel: 'email', limit: 2000 })
    if (email.length > 0) done += (await guarded(email, () => deliverEmail(deps, email))) ?? 0
    const sms = await claimDeliveries(db, { worker, channel: 'sms', limit: 50 })
    if (sms.length > 0) done += (await guarded(sms, () => deliverSms(deps, sms))) ?? 0
    for (const communicationId of await sendsWithLettersDue(db, 2)) {
      const letters = await claimDeliveries(db, { worker, channel: 'letter', limit: 20_000, communicationId })
      if (letters.length > 0) done += (await guarded(letters, () => deliverLetters(deps, letters))) ?? 0
    }
    return done
  }

  // pollMs 0: no loop (tests drive runOnce themselves).
  const loop =
    opts.pollMs === 0
      ? null
      : startLoop({
          name: 'communications.worker',
          log,
          run: runOnce,
          idleMs: opts.pollMs ?? 1000,
          failLevel: 'error',
        })
  return {
    worker,
    runOnce,
    stop: async () => loop?.stop(),
  }
}
