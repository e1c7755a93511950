import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DB } from '../../server/db/connect.ts'
import { audit } from '../admin/audit.ts'
import { exportsDir } from '../gdpr/export/zip.ts'
import { applyRetention, type RetentionSettings } from './rules.ts'

/**
 * The daily upkeep of data protection: each organisation's retention settings applied, one
 * transaction per organisation holding its settings row (`FOR UPDATE`), so two API processes
 * running it at once take turns and the second finds nothing left; and export zips whose link has
 * expired, or whose row is gone (the person was erased), removed from disk.
 */
export const settingsOf = (r: {
  closed_cases_days: number | null
  chat_days: number | null
  readings_days: number | null
}): RetentionSettings => ({
  closedCasesDays: r.closed_cases_days,
  chatDays: r.chat_days,
  readingsDays: r.readings_days,
})

export async function applyAllRetention(db: DB, now = new Date()): Promise<number> {
  const orgs = await db.selectFrom('retention_settings').select('org_id').execute()
  let removed = 0
  for (const { org_id } of orgs) {
    removed += await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('retention_settings')
        .selectAll()
        .where('org_id', '=', org_id)
        .forUpdate()
        .executeTakeFirst()
      if (!row) return 0
      const report = await applyRetention(trx, org_id, settingsOf(row), now)
      const n = report.counts.closedCases + report.counts.messages + report.counts.readings
      if (n > 0)
        await audit(trx, {
          orgId: org_id,
          actorId: null,
          action: 'retention.applied',
          targetType: 'organisation',
          targetId: org_id,
          details: { ...report },
        })
      return n
    })
  }
  return removed
}

export async function removeExpiredExports(db: DB, filesDir: string, now = new Date()): Promise<number> {
  const dir = exportsDir(filesDir)
  const names = await readdir(dir).catch(() => [] as string[])
  const live = await db
    .selectFrom('gdpr_exports')
    .select('file_name')
    .where('file_name', 'is not', null)
    .where('expires_at', '>', now)
    .execute()
  const keep = new Set(live.map((r) => r.file_name))
  let removed = 0
  for (const name of names) {
    // A `.tmp` is a zip being written right now.
    if (keep.has(name) || name.endsWith('.tmp')) continue
    await rm(join(dir, name), { force: true })
    removed++
  }
  return removed
}

export function startRetentionJob(deps: { db: DB; filesDir: string }) {
  const run = () =>
    void (async () => {
      await applyAllRetention(deps.db)
      await removeExpiredExports(deps.db, deps.filesDir)
    })().catch((error: unknown) => console.error('[retention] the daily run failed', String(error)))
  const first = setTimeout(run, 60_000)
  const daily = setInterval(run, 24 * 3_600_000)
  return () => {
    clearTimeout(first)
    clearInterval(daily)
  }
}
