import { z } from 'zod'
import {
  type FlagReason,
  MAX_READING,
  METER_KINDS,
  METER_UNITS,
  type MeterKind,
  type MeterUnit,
  type ReadingStatus,
} from '../meters/kinds.ts'
import { Uuid } from './common.ts'
import { IsoDate } from './finance.ts'

/** Meters and readings (api/meters): requests and responses. */

export const MeterOrgParam = z.strictObject({ orgId: Uuid })
export const MeterParams = z.strictObject({ orgId: Uuid, meterId: Uuid })
export const ReadingParams = z.strictObject({ orgId: Uuid, readingId: Uuid })
export const RoundParams = z.strictObject({ orgId: Uuid, roundId: Uuid })

export const MeterListQuery = z.strictObject({
  buildingId: Uuid.optional(),
  apartmentId: Uuid.optional(),
})

export const NewMeter = z.strictObject({
  buildingId: Uuid,
  apartmentId: Uuid.nullable().default(null),
  kind: z.enum(METER_KINDS),
  serial: z.string().trim().min(1, 'Required.').max(60),
  unit: z.enum(METER_UNITS),
  location: z.string().trim().max(200).default(''),
})

/**
 * Staff correcting a meter: any of its serial number, unit, location and kind (at least one).
 * Its building and apartment stay: a meter moved elsewhere is retired there and added anew.
 */
export const MeterPatch = z
  .strictObject({
    kind: z.enum(METER_KINDS).optional(),
    serial: z.string().trim().min(1, 'Required.').max(60).optional(),
    unit: z.enum(METER_UNITS).optional(),
    location: z.string().trim().max(200).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Nothing to change.')

/** A meter value: at most three decimals; a decimal comma is accepted from a phone keyboard. */
export const MeterValue = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+([.,]\d{1,3})?$/, 'A number such as 1234,5.'),
  ])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace(',', '.'))))
  .pipe(z.number().min(0, 'Must not be negative.').max(MAX_READING, 'Too large for a meter.'))
  .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, 'At most three decimals.')

export const NewReading = z.strictObject({
  value: MeterValue,
  readOn: IsoDate,
  meterChange: z.boolean().default(false),
  note: z.string().trim().max(500).default(''),
})

export const ReviewDecision = z.strictObject({ decision: z.enum(['accepted', 'rejected']) })

export const NewRound = z.strictObject({
  buildingId: Uuid,
  title: z.string().trim().min(1, 'Required.').max(120),
  kind: z.enum(METER_KINDS).nullable().default(null),
  opensOn: IsoDate,
  dueOn: IsoDate,
})

export const ConsumptionQuery = z.strictObject({
  meterId: Uuid.optional(),
  apartmentId: Uuid.optional(),
  buildingId: Uuid.optional(),
  kind: z.enum(METER_KINDS).optional(),
  /** The last month shown ('YYYY-MM'); this month by default. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month such as 2026-03.')
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.enum(['fi', 'sv', 'en']).optional(),
})

export interface MeterSummary {
  id: string
  kind: MeterKind
  serial: string
  unit: MeterUnit
  location: string
  building: { id: string; name: string }
  apartment: { id: string; number: string } | null
  lastReading: { value: number; readOn: string; status: ReadingStatus } | null
  abilities: { submit: boolean; manage: boolean }
}

export interface MeterList {
  meters: MeterSummary[]
  abilities: { overview: boolean; manage: boolean }
  buildings: { id: string; name: string }[]
  /** For staff adding meters: the apartments of those buildings. */
  apartments: { id: string; number: string; buildingId: string }[]
}

export interface ReadingRow {
  id: string
  meterId: string
  value: number
  readOn: string
  meterChange: boolean
  status: ReadingStatus
  flagReason: FlagReason | null
  source: 'resident' | 'staff' | 'import'
  submittedBy: { id: string; name: string } | null
  note: string
  hasPhoto: boolean
  createdAt: string
}

export interface ReadingList {
  meter: MeterSummary
  readings: ReadingRow[]
}

/** 201 answer to a submitted reading; `expectedPerDay` explains a flag. */
export interface SubmittedReading {
  reading: ReadingRow
  expectedPerDay: number | null
}

export interface FlaggedReading extends ReadingRow {
  meter: { id: string; kind: MeterKind; serial: string; unit: MeterUnit }
  building: { id: string; name: string }
  apartment: { id: string; number: string } | null
  previous: { value: number; readOn: string } | null
}

export interface RoundSummary {
  id: string
  title: string
  kind: MeterKind | null
  building: { id: string; name: string }
  opensOn: string
  dueOn: string
  closed: boolean
  submitted: number
  expected: number
}

export interface RoundDetail extends RoundSummary {
  meters: {
    meterId: string
    kind: MeterKind
    serial: string
    unit: MeterUnit
    apartment: { id: string; number: string } | null
    reading: { value: number; readOn: string; status: ReadingStatus; by: string | null } | null
  }[]
}

export interface ConsumptionRow {
  month: string
  current: number | null
  previous: number | null
}

export interface ConsumptionResponse {
  unit: MeterUnit | null
  kind: MeterKind | null
  meters: number
  rows: ConsumptionRow[]
}
