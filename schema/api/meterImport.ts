import { z } from 'zod'
import { METER_KINDS, METER_UNITS } from '../meters/kinds.ts'
import { IsoDate } from './finance.ts'
import { MeterValue } from './meters.ts'

/**
 * Meter import rows (api/meters/import, through the one import API of api/finance/import): the
 * same JSON / NDJSON / CSV reading as the finance kinds, keyed by the source system's externalId.
 */
export const METER_IMPORT_KINDS = ['meters', 'readings'] as const
export type MeterImportKind = (typeof METER_IMPORT_KINDS)[number]

const ExternalId = z.string().trim().min(1, 'Required.').max(100)
const Ref = z.string().trim().min(1, 'Required.').max(100)
const Flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
  .transform((v) => v === true || v === 'true' || v === '1')

export const MeterImportRow = z.strictObject({
  externalId: ExternalId,
  /** The building: our id or its name. */
  building: Ref,
  /** The apartment: our id or its number ("A 1"); absent for a building's common meter. */
  apartment: Ref.optional(),
  kind: z.enum(METER_KINDS),
  serial: z.string().trim().min(1, 'Required.').max(60),
  unit: z.enum(METER_UNITS),
  location: z.string().trim().max(200).default(''),
})
export type MeterImportRow = z.infer<typeof MeterImportRow>

export const ReadingImportRow = z.strictObject({
  externalId: ExternalId,
  /** The meter's externalId from the meters import, or our id. */
  meter: Ref,
  value: MeterValue,
  readOn: IsoDate,
  meterChange: Flag.default(false),
})
export type ReadingImportRow = z.infer<typeof ReadingImportRow>
