import type { ReportResult, Section } from '../../schema/reports/common.ts'
import type { DB } from '../../server/db/connect.ts'
import { unique } from '../../server/test/factories.ts'

/** Helpers for the report tests (the world itself is the finance tests' financeWorld). */

export async function addCase(
  db: DB,
  orgId: string,
  reporterId: string,
  opts: { createdAt: string; resolvedAt?: string; apartmentId?: string },
) {
  const number = Math.floor(Math.random() * 1_000_000_000)
  const row = await db
    .insertInto('cases')
    .values({
      org_id: orgId,
      number,
      reporter_id: reporterId,
      title: unique('Vuoto'),
      category: 'plumbing',
      status: opts.resolvedAt ? 'resolved' : 'new',
      apartment_id: opts.apartmentId ?? null,
      created_at: opts.createdAt,
      updated_at: opts.resolvedAt ?? opts.createdAt,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('case_status_history')
    .values({
      org_id: orgId,
      case_id: row.id,
      seq: 1,
      status: 'new',
      changed_by: null,
      changed_at: opts.createdAt,
    })
    .execute()
  if (opts.resolvedAt) {
    await db
      .insertInto('case_status_history')
      .values({
        org_id: orgId,
        case_id: row.id,
        seq: 2,
        status: 'resolved',
        changed_by: null,
        changed_at: opts.resolvedAt,
      })
      .execute()
  }
  return row.id
}

export function section(result: ReportResult, id: string): Section {
  const s = result.sections.find((x) => x.id === id)
  if (!s) throw new Error(`no section ${id} in ${result.report}`)
  return s
}

/** Every total of a section equals the sum of its rows' cells (the check each report passes). */
export function expectTotalsMatchRows(s: Section, except: readonly string[] = []): void {
  for (const [key, total] of Object.entries(s.totals)) {
    if (except.includes(key)) continue
    const sum = s.rows.reduce((acc, r) => acc + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0)
    if (Math.abs(sum - total) > 0.051)
      throw new Error(`${s.id}.${key}: rows add up to ${sum}, total says ${total}`)
  }
}
