import { lstat, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { DB } from '../../server/db/connect.ts'

/**
 * Orphan sweep: removes blobs under FILES_DIR that no row points at any more — not a `files` row
 * (attachments, document versions, partner materials; soft-deleted ones included, their files
 * stay for audit) and not an attachment's thumbnail — and leftovers in `FILES_DIR/tmp` from a
 * process that died mid-upload.
 *
 * A blob is stored before the row that references it is inserted, so only blobs older than the
 * grace period (default 24 h) are candidates; storing bytes that already exist renames over them
 * and so makes them young again (storage.ts `place`). Each candidate is looked at again just
 * before it is removed. Anything under FILES_DIR that is not named like a blob is left alone, and
 * directories are never removed (an upload may be about to rename into one).
 */
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000
const BATCH = 500

export interface SweepOptions {
  /** Blobs younger than this are never removed. */
  graceMs?: number
  /** Count what would be removed, remove nothing. */
  dryRun?: boolean
}

export interface SweepResult {
  /** Blobs found on disk. */
  blobs: number
  /** Blobs old enough to be considered. */
  candidates: number
  /** Unreferenced old blobs removed (or, in a dry run, that would be). */
  removed: number
  removedBytes: number
  /** Old temporary files removed. */
  tmpRemoved: number
}

const HEX2 = /^[0-9a-f]{2}$/
const SHA = /^[0-9a-f]{64}$/

interface Candidate {
  sha256: string
  path: string
  size: number
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
}

/** Last modified before `cutoff`, as a regular file (never a symlink); its size, or null. */
async function oldFile(path: string, cutoff: number): Promise<number | null> {
  const info = await lstat(path).catch(() => null)
  return info?.isFile() && info.mtimeMs < cutoff ? info.size : null
}

/** Every blob on disk, as `<aa>/<bb>/<aabb…>`. */
async function* walk(filesDir: string): AsyncGenerator<{ sha256: string; path: string }> {
  for (const a of (await names(filesDir)).filter((n) => HEX2.test(n)).sort()) {
    for (const b of (await names(join(filesDir, a))).filter((n) => HEX2.test(n)).sort()) {
      for (const name of await names(join(filesDir, a, b))) {
        if (SHA.test(name) && name.startsWith(a + b)) yield { sha256: name, path: join(filesDir, a, b, name) }
      }
    }
  }
}

async function referenced(db: DB, shas: string[]): Promise<Set<string>> {
  const files = await db.selectFrom('files').select('sha256').where('sha256', 'in', shas).execute()
  const thumbs = await db
    .selectFrom('attachments')
    .select('thumb_sha256')
    .where('thumb_sha256', 'in', shas)
    .execute()
  return new Set([...files.map((r) => r.sha256), ...thumbs.flatMap((r) => r.thumb_sha256 ?? [])])
}

export async function sweepOrphanBlobs(
  db: DB,
  filesDir: string,
  opts: SweepOptions = {},
): Promise<SweepResult> {
  const graceMs = opts.graceMs ?? DEFAULT_GRACE_MS
  const cutoff = Date.now() - graceMs
  const result: SweepResult = { blobs: 0, candidates: 0, removed: 0, removedBytes: 0, tmpRemoved: 0 }

  const settle = async (batch: Candidate[]) => {
    if (batch.length === 0) return
    const keep = await referenced(
      db,
      batch.map((b) => b.sha256),
    )
    for (const blob of batch) {
      if (keep.has(blob.sha256)) continue
      // Looked at again: stored anew since the walk means it may be about to get its row.
      const size = await oldFile(blob.path, cutoff)
      if (size === null) continue
      if (!opts.dryRun) {
        const gone = await unlink(blob.path).then(
          () => true,
          () => false,
        )
        if (!gone) continue
      }
      result.removed++
      result.removedBytes += size
    }
  }

  let batch: Candidate[] = []
  for await (const { sha256, path } of walk(filesDir)) {
    result.blobs++
    const size = await oldFile(path, cutoff)
    if (size === null) continue
    result.candidates++
    batch.push({ sha256, path, size })
    if (batch.length >= BATCH) {
      await settle(batch)
      batch = []
    }
  }
  await settle(batch)

  const tmp = join(filesDir, 'tmp')
  for (const name of await names(tmp)) {
    const path = join(tmp, name)
    if ((await oldFile(path, cutoff)) === null) continue
    if (!opts.dryRun) await unlink(path).catch(() => {})
    result.tmpRemoved++
  }
  return result
}
