import { AppError } from '../../schema/errors.ts'
import { type Judgement, judgeReading, todayInFinland } from '../../schema/meters/validate.ts'
import type { DB } from '../../server/db/connect.ts'
import { historyOf } from './repository.ts'
import { announceReadings } from './roundNotices.ts'

export interface ReadingInput {
  value: number
  readOn: string
  meterChange: boolean
  note: string
}

/**
 * Judges and stores one reading inside the caller's transaction. The meter row is locked first,
 * so two readings of the same meter are judged one after the other, each against the other.
 * A refusal throws 422 validation_failed with `details.reason` (and the previous reading),
 * which the client words in the user's language. A stored reading announces itself to the open
 * rounds that may count it (roundNotices.ts), unless the caller announces a batch itself (import).
 */
export async function submitReading(
  trx: DB,
  opts: {
    orgId: string
    meterId: string
    input: ReadingInput
    source: 'resident' | 'staff' | 'import'
    submittedBy: string | null
    externalId?: string | null
    now?: Date
    /** false: the caller announces the readings to their rounds itself, once per batch. */
    announce?: boolean
  },
): Promise<{ id: string; judgement: Extract<Judgement, { ok: true }> }> {
  const meter = await trx
    .selectFrom('meters')
    .select(['id', 'retired_at'])
    .where('org_id', '=', opts.orgId)
    .where('id', '=', opts.meterId)
    .forUpdate()
    .executeTakeFirst()
  if (!meter) throw new AppError('not_found', 'The meter was not found.')
  if (meter.retired_at) {
    throw new AppError('validation_failed', 'This meter has been retired.', {
      details: { reason: 'meter_retired' },
    })
  }
  const history = await historyOf(trx, opts.orgId, opts.meterId)
  const judgement = judgeReading(opts.input, history, todayInFinland(opts.now))
  if (!judgement.ok) {
    const message =
      judgement.reason === 'future_date'
        ? 'The reading date is in the future.'
        : `The value is lower than the previous reading (${judgement.previous?.value} on ${judgement.previous?.readOn}); mark it as a meter change if the meter was replaced.`
    throw new AppError('validation_failed', message, {
      details: {
        reason: judgement.reason,
        ...(judgement.previous
          ? { previous: { value: judgement.previous.value, readOn: judgement.previous.readOn } }
          : {}),
      },
    })
  }
  const row = await trx
    .insertInto('meter_readings')
    .values({
      org_id: opts.orgId,
      meter_id: opts.meterId,
      value: opts.input.value,
      read_on: opts.input.readOn,
      meter_change: opts.input.meterChange,
      status: judgement.status,
      flag_reason: judgement.flagReason,
      source: opts.source,
      submitted_by: opts.submittedBy,
      note: opts.input.note,
      external_id: opts.externalId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (opts.announce !== false) {
    await announceReadings(trx, opts.orgId, [{ meterId: opts.meterId, readOn: opts.input.readOn }])
  }
  return { id: row.id, judgement }
}
