import { sql } from 'kysely'
import { ReadingImportRow } from '../../../schema/api/meterImport.ts'
import { AppError } from '../../../schema/errors.ts'
import type { DB } from '../../../server/db/connect.ts'
import type { BatchResult, KindHandler } from '../../finance/import/engine.ts'
import { announceReadings } from '../roundNotices.ts'
import { submitReading } from '../submitReading.ts'

/**
 * Readings from the source system (remote-read meters, a maintenance company's round). Each row is
 * judged like one typed on a phone (schema/meters/validate.ts): a future date or a value below the
 * previous reading refuses the row, an implausible one is stored flagged for review. A reading is a
 * fact once stored: the same externalId again is unchanged when it says the same, refused otherwise.
 */
type Meters = Map<string, string>

async function meterIndex(trx: DB, orgId: string): Promise<Meters> {
  const rows = await trx
    .selectFrom('meters')
    .select(['id', 'external_id'])
    .where('org_id', '=', orgId)
    .where('retired_at', 'is', null)
    .execute()
  const index = new Map<string, string>()
  for (const r of rows) {
    index.set(r.id, r.id)
    if (r.external_id) index.set(r.external_id, r.id)
  }
  return index
}

export const readingImportHandler: KindHandler<ReadingImportRow, Meters> = {
  schema: ReadingImportRow,
  prepare: meterIndex,
  async apply(trx, orgId, meters, batch) {
    const out: BatchResult[] = []
    const stored: { meterId: string; readOn: string }[] = []
    const existing = await trx
      .selectFrom('meter_readings')
      .select(['external_id', 'meter_id', 'value', sql<string>`to_char(read_on, 'YYYY-MM-DD')`.as('read_on')])
      .where('org_id', '=', orgId)
      .where(
        'external_id',
        'in',
        batch.map((b) => b.value.externalId),
      )
      .execute()
    const before = new Map(existing.map((e) => [e.external_id, e]))
    // Oldest first, so a file listing a meter's history in any order is judged as it happened.
    const ordered = [...batch].sort((a, b) =>
      a.value.readOn < b.value.readOn ? -1 : a.value.readOn > b.value.readOn ? 1 : 0,
    )
    for (const { row, value } of ordered) {
      const meterId = meters.get(value.meter)
      if (!meterId) {
        out.push({
          row,
          status: 'refused',
          errors: [{ path: 'meter', message: `No meter "${value.meter}".` }],
        })
        continue
      }
      const old = before.get(value.externalId)
      if (old) {
        const same =
          old.meter_id === meterId && Number(old.value) === value.value && old.read_on === value.readOn
        out.push(
          same
            ? { row, status: 'unchanged' }
            : {
                row,
                status: 'refused',
                errors: [{ path: 'externalId', message: 'A stored reading is not changed by import.' }],
              },
        )
        continue
      }
      try {
        await submitReading(trx, {
          orgId,
          meterId,
          input: { value: value.value, readOn: value.readOn, meterChange: value.meterChange, note: '' },
          source: 'import',
          submittedBy: null,
          externalId: value.externalId,
          announce: false,
        })
        stored.push({ meterId, readOn: value.readOn })
        out.push({ row, status: 'created' })
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        out.push({ row, status: 'refused', errors: [{ path: 'value', message: err.message }] })
      }
    }
    // One notice per open round the batch's readings may count for, not one per reading.
    await announceReadings(trx, orgId, stored)
    return out.sort((a, b) => a.row - b.row)
  },
}
